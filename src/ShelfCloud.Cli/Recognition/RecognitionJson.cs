using System.Text.Json;
using ShelfCloud.Vision.Recognition;

namespace ShelfCloud.Cli.Recognition;

/// <summary>
/// The <c>recognize</c> output for one image: <c>{"image":{"width","height"},"detections":[{"box","score","class","sku",
/// "candidates":[{"sku","visual_score","realgram_coefficient","final_score"}]}],"timings_ms":{…}}</c>.
/// </summary>
internal static class RecognitionJson
{
    public static void Write(Utf8JsonWriter json, RecognizedImage image, RecognitionTimings timings, ClassSkuMap? skus)
    {
        json.WriteStartObject();
        json.WriteStartObject("image");
        json.WriteNumber("width", image.Width);
        json.WriteNumber("height", image.Height);
        json.WriteEndObject();

        json.WriteStartArray("detections");
        foreach (var product in image.Products)
        {
            json.WriteStartObject();
            json.WriteStartArray("box");
            json.WriteNumberValue(Math.Round(product.Box.X1, 2));
            json.WriteNumberValue(Math.Round(product.Box.Y1, 2));
            json.WriteNumberValue(Math.Round(product.Box.X2, 2));
            json.WriteNumberValue(Math.Round(product.Box.Y2, 2));
            json.WriteEndArray();
            json.WriteRounded("score", product.DetectorScore);
            json.WriteString("class", product.ClassName);
            WriteSku(json, "sku", product.SkuId, skus);
            json.WriteBoolean("unknown", product.Unknown);
            json.WriteStartArray("candidates");
            foreach (var candidate in product.Candidates)
            {
                json.WriteStartObject();
                WriteSku(json, "sku", candidate.SkuId, skus);
                json.WriteRounded("visual_score", candidate.VisualScore);
                json.WriteRounded("realgram_coefficient", candidate.RealgramCoefficient);
                json.WriteRounded("final_score", candidate.FinalScore);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteTimings(json, timings);
        json.WriteEndObject();
    }

    private static void WriteTimings(Utf8JsonWriter json, RecognitionTimings timings)
    {
        json.WriteStartObject("timings_ms");
        json.WriteRounded("decode", timings.Decode.TotalMilliseconds);
        json.WriteRounded("detect", timings.Detect.TotalMilliseconds);
        json.WriteRounded("crop_embed", timings.CropAndEmbed.TotalMilliseconds);
        json.WriteRounded("search", timings.Search.TotalMilliseconds);
        json.WriteRounded("fuse", timings.Fuse.TotalMilliseconds);
        json.WriteRounded("detector_inference", timings.DetectorInference.TotalMilliseconds);
        json.WriteRounded("embedder_inference", timings.EmbedderInference.TotalMilliseconds);
        json.WriteRounded("total", timings.Total.TotalMilliseconds);
        json.WriteEndObject();
    }

    // The CLI's SKUs are gallery classes: the JSON names them, not their ids.
    private static void WriteSku(Utf8JsonWriter json, string name, Guid? sku, ClassSkuMap? skus)
    {
        if (sku is { } id)
        {
            json.WriteString(name, skus?.ClassOf(id) ?? id.ToString());
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
