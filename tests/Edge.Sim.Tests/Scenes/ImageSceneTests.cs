using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;

namespace Edge.Sim.Tests.Scenes;

public sealed class ImageSceneTests
{
    [Fact]
    public void An_image_at_one_pixel_per_sensor_pixel_is_reproduced_exactly()
    {
        // A 6×6 image filling a 6×6 sensor with no offset: every sensor pixel centre is an image pixel centre.
        var image = new float[36];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = (i % 7) / 6f;
        }
        var geometry = new SensorGeometry(6, 6);
        var frame = new float[36];
        new Canvas(frame, geometry).FillImage(image, 6, 6, -0.5, -0.5, 1.0 / 6, 255);
        for (var i = 0; i < image.Length; i++)
        {
            Assert.Equal(image[i] * 255, frame[i], 3);
        }
    }

    [Fact]
    public void The_image_scene_moves_its_ink_along_the_saccade_path()
    {
        var image = new float[28 * 28];
        for (var y = 10; y < 18; y++)
        {
            for (var x = 10; x < 18; x++)
            {
                image[(y * 28) + x] = 1;
            }
        }
        var scene = new SaccadeImageScene { Amplitude = 0.15, Background = 0, Foreground = 100 };
        scene.SetImage(image, 28, 28);
        var geometry = new SensorGeometry(34, 34);
        var start = Centroid(scene, 0, geometry);
        var firstCorner = Centroid(scene, 100_000, geometry);
        var secondCorner = Centroid(scene, 200_000, geometry);
        // Up-left, then down-left, then back (the path of SaccadePath), by about a / 2 = 2.55 px per axis.
        Assert.InRange(start.X - firstCorner.X, 2.3, 2.8);
        Assert.InRange(start.Y - firstCorner.Y, 2.3, 2.8);
        Assert.True(secondCorner.X < firstCorner.X && secondCorner.Y > firstCorner.Y);
        var again = Centroid(scene, 300_000, geometry);
        Assert.Equal(start.X, again.X, 6);
        Assert.Equal(start.Y, again.Y, 6);
    }

    [Fact]
    public void Rendering_before_an_image_is_set_is_refused()
    {
        var scene = new SaccadeImageScene();
        Assert.Throws<InvalidOperationException>(() => scene.Render(0, new SensorGeometry(4, 4), new float[16]));
    }

    [Fact]
    public void A_mirrored_gesture_is_the_mirror_image_of_the_plain_one()
    {
        var geometry = new SensorGeometry(64, 64);
        foreach (var gesture in Enum.GetValues<Gesture>())
        {
            var plain = new float[geometry.Pixels];
            var mirrored = new float[geometry.Pixels];
            new HandGestureScene { Gesture = gesture }.Render(123_000, geometry, plain);
            new HandGestureScene { Gesture = gesture, Mirrored = true }.Render(123_000, geometry, mirrored);
            for (var y = 0; y < geometry.Height; y++)
            {
                for (var x = 0; x < geometry.Width; x++)
                {
                    Assert.Equal(plain[(y * 64) + x], mirrored[(y * 64) + 63 - x], 2);
                }
            }
        }
    }

    [Fact]
    public void Optical_blur_keeps_a_flat_frame_and_spreads_a_point_by_its_sigma()
    {
        var geometry = new SensorGeometry(31, 31);
        var blur = new OpticalBlur(geometry, 1.5);
        var flat = Enumerable.Repeat(80f, geometry.Pixels).ToArray();
        blur.Apply(flat);
        Assert.All(flat, v => Assert.Equal(80f, v, 3));

        var point = new float[geometry.Pixels];
        point[(15 * 31) + 15] = 1000;
        blur.Apply(point);
        double sum = 0, variance = 0;
        for (var x = 0; x < 31; x++)
        {
            sum += point[(15 * 31) + x];
        }
        for (var x = 0; x < 31; x++)
        {
            variance += point[(15 * 31) + x] / sum * (x - 15) * (x - 15);
        }
        Assert.Equal(1.5 * 1.5, variance, 1);
    }

    [Fact]
    public void A_blurred_camera_sees_fewer_events_from_a_sharp_edge()
    {
        long Events(double blur)
        {
            var scene = new SaccadeDigitScene { Digit = 8 };
            using var camera = new SimulatedEventCamera(scene, new CameraOptions
            {
                Geometry = new SensorGeometry(34, 34), Sensor = SensorParameters.Clean, DurationUs = 300_000, BlurSigmaPixels = blur,
            });
            var buffer = new DvsEvent[4096];
            long n = 0;
            for (int k; (k = camera.Read(buffer)) > 0;)
            {
                n += k;
            }
            return n;
        }
        Assert.True(Events(1.5) < Events(0), "blur lowers the contrast the pixels see");
    }

    private static (double X, double Y) Centroid(SaccadeImageScene scene, long timeUs, SensorGeometry geometry)
    {
        var frame = new float[geometry.Pixels];
        scene.Render(timeUs, geometry, frame);
        double sum = 0, x = 0, y = 0;
        for (var i = 0; i < frame.Length; i++)
        {
            sum += frame[i];
            x += frame[i] * (i % geometry.Width);
            y += frame[i] * (i / geometry.Width);
        }
        return (x / sum, y / sum);
    }
}
