using System.Globalization;
using Edge.Drivers.Formats.Aedat2;
using Edge.Drivers.Formats.Nmnist;
using Edge.Runtime.Events;

namespace Edge.Drivers.Formats.Conversion;

/// <summary>What a conversion did.</summary>
/// <param name="InputFormat">The format read.</param>
/// <param name="Format">The format written.</param>
/// <param name="Width">Sensor width written.</param>
/// <param name="Height">Sensor height written.</param>
/// <param name="EventsIn">Events read.</param>
/// <param name="EventsOut">Events written (after cropping).</param>
/// <param name="BytesWritten">Size of the written file.</param>
/// <param name="Salvage">What was skipped while reading (lenient).</param>
/// <param name="TimeShiftUs">Added to every timestamp (N-MNIST stores times from 0).</param>
/// <param name="SizeFromEvents">True when the input did not record its sensor size and the events' extent was used.</param>
public sealed record ConversionResult(
    string InputFormat,
    string Format,
    int Width,
    int Height,
    long EventsIn,
    long EventsOut,
    long BytesWritten,
    SalvageLog Salvage,
    long TimeShiftUs,
    bool SizeFromEvents);

/// <summary>
/// Rewrites an event file in another format, events unchanged but for an optional crop and
/// downscale; timestamps are kept exactly (EVT and AEDAT 2/DAT files record an offset in their header
/// for absolute times; N-MNIST, which has none, is shifted to start at 0 and says so). A failed
/// conversion deletes its partial output.
/// </summary>
public static class EventConverter
{
    private const int ChunkEvents = 1 << 16;
    private const long NmnistTimeRange = 1L << 23;

    /// <summary>Converts <paramref name="inputPath"/> to <paramref name="outputPath"/>.</summary>
    /// <param name="inputPath">The file to read.</param>
    /// <param name="outputPath">The file to write (not the input).</param>
    /// <param name="target">The format to write.</param>
    /// <param name="transform">Crop and downscale.</param>
    /// <param name="input">How to read the input.</param>
    /// <param name="progress">Called after each chunk with the bytes read so far and the file's length (0 when unknown).</param>
    /// <exception cref="ConversionException">The recording does not fit the format, or the crop reaches outside the sensor.</exception>
    /// <exception cref="EventStreamException">The input is damaged (strict reading).</exception>
    public static ConversionResult Convert(string inputPath, string outputPath, EventFormat target, EventTransform transform, EventFileOptions input,
        Action<long, long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(transform);
        if (Path.GetFullPath(inputPath) == Path.GetFullPath(outputPath))
        {
            throw new ConversionException("the input and the output are the same file");
        }
        using var reader = EventFile.OpenRead(inputPath, input);
        var (geometry, fromEvents) = OutputGeometry(inputPath, reader, transform, input);
        CheckFits(target, geometry, transform);
        long eventsIn = 0;
        long? shift = null;
        var writer = EventFile.Create(outputPath, target, geometry);
        try
        {
            var buffer = new DvsEvent[ChunkEvents];
            int n;
            while ((n = reader.Read(buffer)) > 0)
            {
                eventsIn += n;
                var chunk = buffer.AsSpan(0, n);
                var kept = chunk[..transform.Apply(chunk)];
                progress?.Invoke(reader.Position, reader.Length ?? 0);
                if (kept.IsEmpty)
                {
                    continue;
                }
                shift ??= target == EventFormat.Nmnist && kept[0].T is < 0 or >= NmnistTimeRange ? kept[0].T : 0;
                if (shift != 0)
                {
                    Shift(kept, shift.Value);
                }
                writer.Write(kept);
            }
            writer.Complete();
            writer.Dispose();
        }
        catch (Exception ex)
        {
            DiscardPartial(writer, outputPath);
            if (ex is ArgumentOutOfRangeException)
            {
                throw new ConversionException($"{target.ToName()} cannot hold this recording: {ex.Message}", ex);
            }
            throw;
        }
        return new ConversionResult(reader.Format.ToName(), target.ToName(), geometry.Width, geometry.Height, eventsIn,
            writer.EventsWritten, new FileInfo(outputPath).Length, reader.Salvage, -(shift ?? 0), fromEvents);
    }

    /// <summary>The geometry events will have on output; scans the input when its format does not say.</summary>
    private static (SensorGeometry Geometry, bool FromEvents) OutputGeometry(string path, EventFileReader reader, EventTransform transform, EventFileOptions options)
    {
        var input = reader.Geometry;
        var fromEvents = input is null;
        if (input is null)
        {
            using var scan = EventFile.OpenRead(path, options);
            var stats = new EventStatistics();
            var buffer = new DvsEvent[ChunkEvents];
            int n;
            while ((n = scan.Read(buffer)) > 0)
            {
                stats.Add(buffer.AsSpan(0, n));
            }
            input = stats.Extent ?? new SensorGeometry(1, 1);
        }
        if (transform.Crop is { } c && (c.X + c.Width > input.Value.Width || c.Y + c.Height > input.Value.Height))
        {
            throw new ConversionException(string.Create(CultureInfo.InvariantCulture,
                $"the crop {c.X},{c.Y},{c.Width},{c.Height} reaches outside the {input} sensor"));
        }
        return (transform.Apply(input.Value), fromEvents);
    }

    private static void CheckFits(EventFormat target, SensorGeometry geometry, EventTransform transform)
    {
        var hint = transform.IsIdentity ? " (crop or downscale it)" : "";
        var problem = target switch
        {
            EventFormat.Nmnist when !NmnistWriter.Fits(geometry) =>
                $"N-MNIST's 8-bit x/y hold at most {NmnistWriter.MaxWidth}x{NmnistWriter.MaxHeight} pixels, not {geometry}",
            EventFormat.Aedat2 when Aedat2Writer.ChipFor(geometry) is null =>
                $"AEDAT 2.0 needs a jAER chip size (128x128, 240x180, 346x260, 640x480), not {geometry}",
            EventFormat.Evt2 or EventFormat.Evt3 when geometry.Width > 2048 || geometry.Height > 2048 =>
                $"EVT x/y hold at most 2048x2048 pixels, not {geometry}",
            _ => null,
        };
        if (problem is not null)
        {
            throw new ConversionException(problem + hint);
        }
    }

    private static void Shift(Span<DvsEvent> events, long shift)
    {
        foreach (ref var e in events)
        {
            e = new DvsEvent(e.T - shift, e.X, e.Y, e.P);
        }
    }

    private static void DiscardPartial(EventFileWriter writer, string path)
    {
        try
        {
            writer.Dispose();
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            // The partial file is deleted below either way.
        }
        File.Delete(path);
    }
}
