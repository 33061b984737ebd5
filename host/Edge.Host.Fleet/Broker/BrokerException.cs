namespace Edge.Host.Fleet.Broker;

/// <summary>Why a connection to the broker failed.</summary>
public enum BrokerFailure
{
    /// <summary>No broker answered (refused, timed out, name not resolved, TLS failed).</summary>
    Unreachable,

    /// <summary>The broker refused the user name and password (CONNACK 0x86) or the client (0x87).</summary>
    CredentialsRefused,

    /// <summary>The broker answered with another CONNACK reason.</summary>
    Refused,
}

/// <summary>A connection to the broker failed; the message is one line saying where and why.</summary>
public sealed class BrokerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BrokerException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public BrokerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BrokerException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="failure">What failed.</param>
    /// <param name="message">One line: where and why.</param>
    /// <param name="inner">The client's exception, if any.</param>
    public BrokerException(BrokerFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
    }

    /// <summary>What failed.</summary>
    public BrokerFailure Failure { get; }

    /// <summary>The broker's CONNACK reason code, when it answered.</summary>
    public int? ReasonCode { get; init; }
}
