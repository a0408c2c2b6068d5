using ShelfCloud.Domain.Captures.Quality;

namespace ShelfCloud.Domain.Tests.Captures;

public sealed class CaptureQualityJudgeTests
{
    private static byte[] Scene(int seed, int dx = 0)
    {
        var random = new Random(seed);
        var blocks = Enumerable.Range(0, 64).Select(_ => (byte)random.Next(40, 220)).ToArray();
        var thumbnail = new byte[Thumbnails.Width * Thumbnails.Height];
        for (var y = 0; y < Thumbnails.Height; y++)
        {
            for (var x = 0; x < Thumbnails.Width; x++)
            {
                var source = Math.Clamp(x - dx, 0, Thumbnails.Width - 1);
                thumbnail[y * Thumbnails.Width + x] = blocks[(y / 6) * 8 + source / 8];
            }
        }

        return thumbnail;
    }

    private static PhotoFigures Good(int variant = 0) =>
        new(Brightness: 120 + variant, Contrast: 50, Sharpness: 400 + 10 * variant, Overexposed: 0.01, Scene(1).Select((b, i) => i == variant ? (byte)(b ^ 0x40) : b).ToArray());

    private static CameraQualityBaseline Settled()
    {
        var baseline = new CameraQualityBaseline();
        for (var i = 1; i <= CaptureQualityJudge.SettledAfter + 1; i++)
            CaptureQualityJudge.Judge(Good(i) with { Thumbnail = Noisy(Scene(1), i) }, baseline).Status.ShouldBe(CaptureQualityStatus.Ok);
        return baseline;
    }

    private static byte[] Noisy(byte[] thumbnail, int seed)
    {
        var random = new Random(seed);
        return thumbnail.Select(b => (byte)Math.Clamp(b + random.Next(-3, 4), 0, 255)).ToArray();
    }

    [Fact]
    public void A_normal_photo_is_ok_and_becomes_part_of_the_cameras_baseline()
    {
        var baseline = Settled();

        baseline.GoodCaptures.ShouldBe(CaptureQualityJudge.SettledAfter + 1);
        baseline.Brightness.ShouldBeInRange(120, 125);
        CaptureQualityJudge.Judge(Good(7) with { Thumbnail = Noisy(Scene(1), 77) }, baseline).Issues.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("dark")]
    [InlineData("overexposed")]
    [InlineData("blur")]
    [InlineData("covered")]
    [InlineData("duplicate")]
    [InlineData("moved")]
    public void Each_fault_is_named_and_makes_the_photo_poor_without_teaching_the_baseline(string fault)
    {
        var baseline = Settled();
        var good = baseline.GoodCaptures;
        var normal = Good(9) with { Thumbnail = Noisy(Scene(1), 99) };
        var photo = fault switch
        {
            "dark" => normal with { Brightness = 40 },
            "overexposed" => normal with { Overexposed = 0.3 },
            "blur" => normal with { Sharpness = 60 },
            "covered" => normal with { Contrast = 2, Brightness = 20 },
            "duplicate" => normal with { Thumbnail = baseline.Last! },
            "moved" => normal with { Thumbnail = Noisy(Scene(1, dx: 6), 5) },
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };

        var result = CaptureQualityJudge.Judge(photo, baseline);

        result.Status.ShouldBe(CaptureQualityStatus.Poor);
        result.Issues.ShouldBe([fault]);
        baseline.GoodCaptures.ShouldBe(good, "a poor photo does not move the camera's baseline");
        if (fault == "moved")
            result.ShiftX.ShouldBe(6);
    }

    [Fact]
    public void A_dim_camera_is_judged_against_its_own_dim_photos()
    {
        var dim = new CameraQualityBaseline();
        for (var i = 0; i < 5; i++)
            CaptureQualityJudge.Judge(new PhotoFigures(45, 30, 300, 0, Noisy(Scene(2), i)), dim).Status.ShouldBe(CaptureQualityStatus.Ok, "45 is this fridge's normal");

        CaptureQualityJudge.Judge(new PhotoFigures(15, 30, 300, 0, Noisy(Scene(2), 9)), dim).Issues.ShouldBe([CaptureQualityIssue.Dark]);
    }

    [Fact]
    public void Before_a_camera_has_a_baseline_only_the_absolute_limits_apply()
    {
        var fresh = new CameraQualityBaseline();

        CaptureQualityJudge.Judge(new PhotoFigures(120, 50, 5, 0.01, Scene(3)), fresh).Status.ShouldBe(CaptureQualityStatus.Ok, "blur is relative to the camera's history");
        CaptureQualityJudge.Judge(new PhotoFigures(120, 3, 400, 0, Scene(4)), new CameraQualityBaseline()).Issues.ShouldBe([CaptureQualityIssue.Covered]);
    }
}
