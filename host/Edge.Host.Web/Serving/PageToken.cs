using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Edge.Host.Web.Serving;

/// <summary>
/// The page's token check: <c>Authorization: Bearer TOKEN</c>, or <c>?token=TOKEN</c> where a
/// browser cannot set headers (the event stream). Both sides are hashed first and compared in
/// constant time, so neither the content nor the length of the token leaks through timing.
/// </summary>
internal sealed class PageToken(string? token)
{
    private readonly byte[]? _hash = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>True when no token is set, or the request shows it.</summary>
    public bool Admits(HttpRequest request, bool queryAllowed)
    {
        if (_hash is null)
        {
            return true;
        }
        string? given = null;
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            given = header["Bearer ".Length..].Trim();
        }
        else if (queryAllowed && request.Query.TryGetValue("token", out var query))
        {
            given = query.ToString();
        }
        return given is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _hash);
    }
}
