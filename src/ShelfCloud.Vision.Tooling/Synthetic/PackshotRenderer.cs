using ShelfCloud.Domain.Catalog;
using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>Draws one product front-on into a rectangle: shape silhouette, brand body, label, accent stripe and text.</summary>
public static class PackshotRenderer
{
    /// <summary>Width ÷ height of each shape's silhouette.</summary>
    public static float AspectRatio(ProductShape shape) => shape switch
    {
        ProductShape.Bottle => 0.36f,
        ProductShape.Can => 0.55f,
        ProductShape.Box => 0.72f,
        ProductShape.Bag => 0.78f,
        ProductShape.Jar => 0.82f,
        ProductShape.HandledBottle => 0.62f,
        ProductShape.Pack => 1.45f,
        _ => 0.7f,
    };

    /// <summary>Renders a stand-alone packshot on a white background.</summary>
    public static SKBitmap RenderPackshot(SyntheticSku sku, int height = 256)
    {
        var width = (int)MathF.Ceiling(height * AspectRatio(sku.Shape)) + 16;
        var bitmap = new SKBitmap(width, height + 16, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        Draw(canvas, sku, new SKRect(8, 8, width - 8, height + 8));
        return bitmap;
    }

    /// <summary>Draws <paramref name="sku"/> filling <paramref name="bounds"/>.</summary>
    public static void Draw(SKCanvas canvas, SyntheticSku sku, SKRect bounds)
    {
        using var body = new SKPaint { Color = sku.BodyColor, IsAntialias = true };
        using var shade = new SKPaint { IsAntialias = true, Shader = SKShader.CreateLinearGradient(
            new SKPoint(bounds.Left, 0), new SKPoint(bounds.Right, 0),
            [new SKColor(0, 0, 0, 70), new SKColor(255, 255, 255, 40), new SKColor(0, 0, 0, 90)], [0f, 0.35f, 1f], SKShaderTileMode.Clamp) };
        var label = sku.Shape switch
        {
            ProductShape.Bottle => DrawBottle(canvas, bounds, body, handled: false),
            ProductShape.HandledBottle => DrawBottle(canvas, bounds, body, handled: true),
            ProductShape.Can => DrawCan(canvas, bounds, body),
            ProductShape.Jar => DrawJar(canvas, bounds, body),
            ProductShape.Bag => DrawBag(canvas, bounds, body),
            ProductShape.Pack => DrawPack(canvas, bounds, body),
            _ => DrawBox(canvas, bounds, body),
        };
        DrawLabel(canvas, sku, label);
        canvas.DrawRect(bounds, shade);
    }

    private static SKRect DrawBottle(SKCanvas canvas, SKRect b, SKPaint body, bool handled)
    {
        var neckWidth = b.Width * (handled ? 0.28f : 0.36f);
        var shoulder = b.Top + b.Height * 0.28f;
        using var cap = new SKPaint { Color = new SKColor(40, 40, 40), IsAntialias = true };
        canvas.DrawRect(new SKRect(b.MidX - neckWidth / 2, b.Top, b.MidX + neckWidth / 2, b.Top + b.Height * 0.07f), cap);
        canvas.DrawRect(new SKRect(b.MidX - neckWidth / 2, b.Top + b.Height * 0.07f, b.MidX + neckWidth / 2, shoulder), body);
        var bodyLeft = handled ? b.Left + b.Width * 0.18f : b.Left;
        canvas.DrawRoundRect(new SKRect(bodyLeft, shoulder - b.Height * 0.05f, b.Right, b.Bottom), b.Width * 0.18f, b.Width * 0.18f, body);
        if (handled)
        {
            using var handle = new SKPaint { Color = body.Color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = b.Width * 0.09f };
            canvas.DrawRoundRect(new SKRect(b.Left + b.Width * 0.05f, shoulder, bodyLeft + b.Width * 0.1f, b.Top + b.Height * 0.6f), 6, 6, handle);
        }
        return new SKRect(bodyLeft + (b.Right - bodyLeft) * 0.06f, b.Top + b.Height * 0.45f, b.Right - (b.Right - bodyLeft) * 0.06f, b.Top + b.Height * 0.85f);
    }

    private static SKRect DrawCan(SKCanvas canvas, SKRect b, SKPaint body)
    {
        using var rim = new SKPaint { Color = new SKColor(190, 190, 195), IsAntialias = true };
        canvas.DrawRoundRect(b, b.Width * 0.12f, b.Width * 0.08f, rim);
        canvas.DrawRect(new SKRect(b.Left, b.Top + b.Height * 0.06f, b.Right, b.Bottom - b.Height * 0.05f), body);
        return new SKRect(b.Left + b.Width * 0.04f, b.Top + b.Height * 0.3f, b.Right - b.Width * 0.04f, b.Top + b.Height * 0.75f);
    }

    private static SKRect DrawJar(SKCanvas canvas, SKRect b, SKPaint body)
    {
        using var lid = new SKPaint { Color = new SKColor(60, 60, 60), IsAntialias = true };
        canvas.DrawRoundRect(new SKRect(b.Left + b.Width * 0.08f, b.Top, b.Right - b.Width * 0.08f, b.Top + b.Height * 0.16f), 4, 4, lid);
        canvas.DrawRoundRect(new SKRect(b.Left, b.Top + b.Height * 0.14f, b.Right, b.Bottom), b.Width * 0.12f, b.Width * 0.12f, body);
        return new SKRect(b.Left + b.Width * 0.06f, b.Top + b.Height * 0.3f, b.Right - b.Width * 0.06f, b.Top + b.Height * 0.85f);
    }

    private static SKRect DrawBag(SKCanvas canvas, SKRect b, SKPaint body)
    {
        using var builder = new SKPathBuilder();
        const int teeth = 8;
        builder.MoveTo(b.Left, b.Top + b.Height * 0.05f);
        for (var i = 1; i <= teeth; i++)
            builder.LineTo(b.Left + b.Width * i / teeth, b.Top + (i % 2 == 0 ? b.Height * 0.05f : 0));
        builder.LineTo(b.Right - b.Width * 0.04f, b.Bottom - b.Height * 0.04f);
        builder.QuadTo(b.MidX, b.Bottom + b.Height * 0.02f, b.Left + b.Width * 0.04f, b.Bottom - b.Height * 0.04f);
        builder.Close();
        using var path = builder.Detach();
        canvas.DrawPath(path, body);
        return new SKRect(b.Left + b.Width * 0.1f, b.Top + b.Height * 0.3f, b.Right - b.Width * 0.1f, b.Top + b.Height * 0.8f);
    }

    private static SKRect DrawBox(SKCanvas canvas, SKRect b, SKPaint body)
    {
        canvas.DrawRect(b, body);
        return new SKRect(b.Left + b.Width * 0.08f, b.Top + b.Height * 0.25f, b.Right - b.Width * 0.08f, b.Top + b.Height * 0.8f);
    }

    private static SKRect DrawPack(SKCanvas canvas, SKRect b, SKPaint body)
    {
        using var unit = new SKPaint { Color = new SKColor(200, 200, 205), IsAntialias = true };
        for (var i = 0; i < 3; i++)
        {
            var w = b.Width / 3;
            canvas.DrawRoundRect(new SKRect(b.Left + i * w + 2, b.Top, b.Left + (i + 1) * w - 2, b.Top + b.Height * 0.3f), 4, 4, unit);
        }
        canvas.DrawRect(new SKRect(b.Left, b.Top + b.Height * 0.2f, b.Right, b.Bottom), body);
        return new SKRect(b.Left + b.Width * 0.2f, b.Top + b.Height * 0.35f, b.Right - b.Width * 0.2f, b.Top + b.Height * 0.9f);
    }

    private static void DrawLabel(SKCanvas canvas, SyntheticSku sku, SKRect label)
    {
        using var paper = new SKPaint { Color = sku.LabelColor, IsAntialias = true };
        using var accent = new SKPaint { Color = sku.AccentColor, IsAntialias = true };
        using var ink = new SKPaint { Color = sku.BodyColor, IsAntialias = true };
        using var dark = new SKPaint { Color = new SKColor(30, 30, 30), IsAntialias = true };
        canvas.DrawRoundRect(label, 3, 3, paper);
        var stripe = new SKRect(label.Left, label.Top + label.Height * 0.62f, label.Right, label.Top + label.Height * 0.8f);
        switch (sku.Pattern)
        {
            case 0: canvas.DrawRect(stripe, accent); break;
            case 1: canvas.DrawOval(new SKRect(label.MidX - label.Width * 0.3f, stripe.Top, label.MidX + label.Width * 0.3f, stripe.Bottom), accent); break;
            case 2:
                for (var x = label.Left; x < label.Right; x += label.Width / 6)
                    canvas.DrawRect(new SKRect(x, stripe.Top, x + label.Width / 12, stripe.Bottom), accent);
                break;
            default: canvas.DrawCircle(label.Right - label.Width * 0.18f, label.Top + label.Height * 0.3f, label.Width * 0.14f, accent); break;
        }
        using var brandFont = SyntheticFont.Create(Math.Max(4, label.Height * 0.24f));
        FitText(canvas, sku.Brand.ToUpperInvariant(), label.MidX, label.Top + label.Height * 0.32f, label.Width * 0.92f, brandFont, ink);
        using var smallFont = SyntheticFont.Create(Math.Max(3, label.Height * 0.13f));
        FitText(canvas, sku.Flavor, label.MidX, label.Top + label.Height * 0.55f, label.Width * 0.9f, smallFont, dark);
        FitText(canvas, sku.Size, label.MidX, label.Bottom - label.Height * 0.04f, label.Width * 0.9f, smallFont, dark);
    }

    private static void FitText(SKCanvas canvas, string text, float centerX, float baseline, float maxWidth, SKFont font, SKPaint paint)
    {
        var width = font.MeasureText(text);
        if (width > maxWidth)
            font.Size *= maxWidth / width;
        canvas.DrawText(text, centerX, baseline, SKTextAlign.Center, font, paint);
    }
}
