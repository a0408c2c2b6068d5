using ShelfCloud.Domain.Captures;
using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>A labelled box in the photo: class 0 = product (with its SKU), class 1 = empty facing.</summary>
public sealed record RenderedBox(int ClassId, int SkuIndex, int RowIndex, BoundingBox Box);

/// <summary>A rendered shelf photo with its ground truth.</summary>
public sealed record RenderedShelf(SKBitmap Image, IReadOnlyList<RenderedBox> Boxes) : IDisposable
{
    public void Dispose() => Image.Dispose();
}

/// <summary>
/// Renders a planogram as a camera would see it: shelf unit with boards and price tags, products, lighting gradient,
/// glare and occlusion in the scene; then perspective, lens distortion, blur and sensor noise. Ground-truth boxes go
/// through the same geometry.
/// </summary>
public static class ShelfRenderer
{
    public const int ProductClass = 0;
    public const int EmptyFacingClass = 1;

    /// <param name="present">Per facing of <see cref="ShelfPlan.AllFacings"/>: false = out of stock (drawn empty, labelled class 1).</param>
    /// <param name="art">Draws each stocked facing; the catalog's drawn packshots when null.</param>
    public static RenderedShelf Render(
        ShelfPlan plan, IReadOnlyList<SyntheticSku> catalog, IReadOnlyList<bool> present, CameraPose pose, CaptureConditions conditions, Random random,
        IFacingArt? art = null)
    {
        using var flat = new SKBitmap(plan.Width, plan.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(flat))
        {
            DrawShelfUnit(canvas, plan, catalog, present, art ?? new PackshotArt(catalog), random);
            DrawScene(canvas, plan, conditions);
        }
        var photo = Photograph(flat, pose, conditions, random);
        return new RenderedShelf(photo, ProjectBoxes(plan, present, pose));
    }

    private static void DrawShelfUnit(SKCanvas canvas, ShelfPlan plan, IReadOnlyList<SyntheticSku> catalog, IReadOnlyList<bool> present, IFacingArt art, Random random)
    {
        var back = new SKColor((byte)random.Next(150, 215), (byte)random.Next(150, 215), (byte)random.Next(150, 215));
        canvas.Clear(back);
        using var board = new SKPaint { Color = new SKColor(70, 70, 75), IsAntialias = true };
        using var tag = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var tagInk = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var tagFont = SyntheticFont.Create(11);
        var facingIndex = 0;
        foreach (var row in plan.Rows)
        {
            canvas.DrawRect(new SKRect(0, row.BoardY, plan.Width, row.BoardY + 18), board);
            var previousSku = -1;
            foreach (var facing in row.Facings)
            {
                var rect = new SKRect(facing.X, row.BoardY - facing.Height, facing.X + facing.Width, row.BoardY);
                if (present[facingIndex])
                    art.Draw(canvas, facing.SkuIndex, facingIndex, rect, random);
                facingIndex++;
                if (facing.SkuIndex != previousSku)
                {
                    var price = $"{catalog[facing.SkuIndex].Size} {(facing.SkuIndex % 90 + 9) / 10.0:0.00}";
                    var tagRect = new SKRect(facing.X, row.BoardY + 2, facing.X + Math.Max(48, facing.Width * 0.9f), row.BoardY + 16);
                    canvas.DrawRect(tagRect, tag);
                    canvas.DrawText(price, tagRect.Left + 2, tagRect.Bottom - 3, SKTextAlign.Left, tagFont, tagInk);
                }
                previousSku = facing.SkuIndex;
            }
        }
    }

    private static void DrawScene(SKCanvas canvas, ShelfPlan plan, CaptureConditions conditions)
    {
        var dx = MathF.Cos(conditions.LightAngle) * plan.Width / 2;
        var dy = MathF.Sin(conditions.LightAngle) * plan.Height / 2;
        using var light = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(plan.Width / 2f - dx, plan.Height / 2f - dy), new SKPoint(plan.Width / 2f + dx, plan.Height / 2f + dy),
                [new SKColor(0, 0, 0, conditions.LightStrength), SKColors.Transparent], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, plan.Width, plan.Height, light);
        if (conditions.Glare is { } glare)
        {
            using var glarePaint = new SKPaint
            {
                Shader = SKShader.CreateRadialGradient(glare, plan.Width * 0.12f, [new SKColor(255, 255, 255, 170), SKColors.Transparent], SKShaderTileMode.Clamp),
            };
            canvas.DrawCircle(glare, plan.Width * 0.12f, glarePaint);
        }
        if (conditions.Occluder is { } occluder)
        {
            using var sleeve = new SKPaint { Color = new SKColor(45, 60, 95), IsAntialias = true };
            using var hand = new SKPaint { Color = new SKColor(215, 170, 140), IsAntialias = true };
            canvas.DrawRoundRect(occluder, occluder.Width / 2, occluder.Width / 2, sleeve);
            canvas.DrawOval(new SKRect(occluder.Left, occluder.Top - occluder.Width * 0.3f, occluder.Right, occluder.Top + occluder.Width * 0.8f), hand);
        }
    }

    private static SKBitmap Photograph(SKBitmap flat, CameraPose pose, CaptureConditions conditions, Random random)
    {
        using var warped = new SKBitmap(flat.Width, flat.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(warped))
        {
            canvas.Clear(new SKColor(35, 35, 38));
            canvas.SetMatrix(pose.Perspective);
            using var paint = new SKPaint { IsAntialias = true };
            using var image = SKImage.FromBitmap(flat);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), paint);
        }
        var photo = LensDistortion.Apply(warped, pose.LensK);
        if (conditions.BlurSigma > 0.05f)
        {
            using var blurred = new SKBitmap(photo.Width, photo.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
            using (var canvas = new SKCanvas(blurred))
            using (var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(conditions.BlurSigma, conditions.BlurSigma) })
            using (var sharp = SKImage.FromBitmap(photo))
                canvas.DrawImage(sharp, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), paint);
            photo.Dispose();
            photo = blurred.Copy();
        }
        SensorNoise.Apply(photo, conditions.NoiseAmplitude, random);
        return photo;
    }

    private static List<RenderedBox> ProjectBoxes(ShelfPlan plan, IReadOnlyList<bool> present, CameraPose pose)
    {
        var boxes = new List<RenderedBox>();
        var facingIndex = 0;
        for (var r = 0; r < plan.Rows.Count; r++)
        {
            var row = plan.Rows[r];
            foreach (var facing in row.Facings)
            {
                var flatBox = new SKRect(facing.X, row.BoardY - facing.Height, facing.X + facing.Width, row.BoardY);
                if (Project(flatBox, pose, plan.Width, plan.Height) is { } box)
                    boxes.Add(new RenderedBox(present[facingIndex] ? ProductClass : EmptyFacingClass, facing.SkuIndex, r, box));
                facingIndex++;
            }
        }
        return boxes;
    }

    private static BoundingBox? Project(SKRect rect, CameraPose pose, int width, int height)
    {
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        const int steps = 4;
        for (var i = 0; i <= steps; i++)
        {
            var t = (float)i / steps;
            foreach (var p in new[] { new SKPoint(rect.Left + t * rect.Width, rect.Top), new SKPoint(rect.Left + t * rect.Width, rect.Bottom),
                                      new SKPoint(rect.Left, rect.Top + t * rect.Height), new SKPoint(rect.Right, rect.Top + t * rect.Height) })
            {
                var q = pose.Project(p, width, height);
                minX = Math.Min(minX, q.X); minY = Math.Min(minY, q.Y); maxX = Math.Max(maxX, q.X); maxY = Math.Max(maxY, q.Y);
            }
        }
        var box = new BoundingBox(Math.Clamp(minX, 0, width), Math.Clamp(minY, 0, height), Math.Clamp(maxX, 0, width), Math.Clamp(maxY, 0, height));
        var visible = (maxX - minX) * (maxY - minY) <= 0 ? 0 : box.Area / ((maxX - minX) * (maxY - minY));
        return box.Width >= 4 && box.Height >= 4 && visible >= 0.6f ? box : null;
    }
}
