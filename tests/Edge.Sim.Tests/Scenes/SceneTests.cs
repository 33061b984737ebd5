using Edge.Runtime.Events;
using Edge.Sim.Scenes;

namespace Edge.Sim.Tests.Scenes;

public class SceneTests
{
    private static readonly SensorGeometry Geometry = new(64, 48);

    private static float[] Render(IScene scene, long timeUs, SensorGeometry? geometry = null)
    {
        var g = geometry ?? Geometry;
        var frame = new float[g.Pixels];
        scene.Render(timeUs, g, frame);
        return frame;
    }

    /// <summary>Centroid of the pixels brighter than the background, weighted by excess intensity.</summary>
    private static (double X, double Y) Centroid(float[] frame, float background, SensorGeometry? geometry = null)
    {
        var g = geometry ?? Geometry;
        double sx = 0, sy = 0, sw = 0;
        for (var i = 0; i < frame.Length; i++)
        {
            var w = Math.Max(0, frame[i] - background);
            sx += w * (i % g.Width);
            sy += w * (i / g.Width);
            sw += w;
        }
        return (sx / sw, sy / sw);
    }

    [Fact]
    public void Every_catalog_scene_renders_intensities_in_range_and_changes_over_time()
    {
        foreach (var info in SceneCatalog.All)
        {
            var scene = SceneCatalog.Create(info.Name);
            var a = Render(scene, 0);
            var b = Render(scene, 73_000);
            Assert.All(a, v => Assert.InRange(v, 0f, 255f));
            Assert.True(a.Zip(b).Any(p => p.First != p.Second), $"{info.Name} does not move");
        }
    }

    [Fact]
    public void Unknown_scene_names_are_rejected_with_the_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => SceneCatalog.Create("no-such-scene"));
        Assert.Contains("no-such-scene", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(90, 0, -1)]
    [InlineData(180, -1, 0)]
    [InlineData(270, 0, 1)]
    public void A_bar_moves_in_its_direction(double degrees, int dx, int dy)
    {
        var scene = new MovingBarScene { DirectionDegrees = degrees, Speed = 0.5, Width = 0.1, Length = 0.3 };
        var a = Centroid(Render(scene, 0), scene.Background);
        var b = Centroid(Render(scene, 100_000), scene.Background);
        // 0.05 scene units = 2.4 px on the 48-pixel side.
        Assert.Equal(dx * 2.4, b.X - a.X, 0.3);
        Assert.Equal(dy * 2.4, b.Y - a.Y, 0.3);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rotation_sense_is_as_seen_on_screen(bool clockwise)
    {
        // A dot starting right of the centre goes down (y grows) first when turning clockwise.
        var scene = new CirclingDotScene { Clockwise = clockwise, AngularSpeed = 1 };
        var start = Centroid(Render(scene, 0), scene.Background);
        var later = Centroid(Render(scene, 100_000), scene.Background);
        Assert.Equal(clockwise, later.Y > start.Y);

        var bar = new RotatingBarScene { Clockwise = clockwise, AngularSpeed = 1, CentreX = 0.2, Length = 0.01, Width = 0.2 };
        var barStart = Centroid(Render(bar, 0), bar.Background);
        var barLater = Centroid(Render(bar, 300_000), bar.Background);
        Assert.Equal(barStart.X, barLater.X, 0.5); // rotating about its own centre: the centroid stays
    }

    [Fact]
    public void Anti_aliased_shapes_cover_their_true_area()
    {
        var geometry = new SensorGeometry(100, 100);
        var frame = new float[geometry.Pixels];
        var canvas = new Canvas(frame, geometry);
        canvas.FillDisc(0.013, -0.021, 0.2, 1f); // radius 20 px, off the pixel grid
        Assert.Equal(Math.PI * 400, frame.Sum(), 0.01 * Math.PI * 400);

        Array.Clear(frame);
        canvas.FillBox(0.0, 0.0, 0.3, 0.05, 0.4, 1f); // 60 × 10 px, rotated
        Assert.Equal(600, frame.Sum(), 6.0);
    }

    [Fact]
    public void The_digit_saccades_trace_a_closed_triangle_every_300_ms()
    {
        var scene = new SaccadeDigitScene { Digit = 3, Amplitude = 0.12 };
        var path = new[] { 0L, 100_000, 200_000, 300_000 }.Select(scene.Displacement).ToArray();
        Assert.Equal(path[0], path[3]);
        Assert.True(path[1].X < path[0].X && path[1].Y < path[0].Y, "first saccade: up-left");
        Assert.True(path[2].X < path[1].X && path[2].Y > path[1].Y, "second saccade: down-left");
        Assert.True(path[3].X > path[2].X, "third saccade: right");
    }

    [Fact]
    public void Every_digit_glyph_is_distinct()
    {
        var glyphs = Enumerable.Range(0, 10).Select(d => Convert.ToHexString(DigitFont.Glyph(d))).ToHashSet();
        Assert.Equal(10, glyphs.Count);
    }

    [Theory]
    [InlineData(Gesture.CircleClockwise, true)]
    [InlineData(Gesture.CircleAnticlockwise, false)]
    [InlineData(Gesture.ArmRoll, true)]
    public void Hand_circles_turn_the_named_way(Gesture gesture, bool clockwise)
    {
        // Shoelace area of the moving hand's path: positive is clockwise on screen (y down).
        var scene = new HandGestureScene { Gesture = gesture };
        var area = 0.0;
        const int Steps = 64;
        for (var k = 0; k < Steps; k++)
        {
            var a = scene.Hands(2 * Math.PI * k / Steps);
            var b = scene.Hands(2 * Math.PI * (k + 1) / Steps);
            area += (a.RightX * b.RightY) - (b.RightX * a.RightY);
        }
        Assert.Equal(clockwise, area > 0);
    }

    [Fact]
    public void Every_gesture_moves_a_hand()
    {
        foreach (var gesture in Enum.GetValues<Gesture>())
        {
            var scene = new HandGestureScene { Gesture = gesture };
            var a = scene.Hands(0);
            var b = scene.Hands(Math.PI / 2);
            var moved = Math.Abs(a.LeftX - b.LeftX) + Math.Abs(a.LeftY - b.LeftY) + Math.Abs(a.RightX - b.RightX) + Math.Abs(a.RightY - b.RightY);
            Assert.True(moved > 0.05, $"{gesture} barely moves");
        }
    }
}
