using System.Security.Cryptography;
using System.Text;

namespace ShelfCloud.Vision.Recognition;

/// <summary>
/// Names SKUs after dataset classes: each class name gets a stable SKU id (the same in every run), so vectors
/// written by one command can be read by another.
/// </summary>
public sealed class ClassSkuMap
{
    private readonly Dictionary<string, Guid> _skuOfClass = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, string> _classOfSku = [];

    /// <summary>The classes added so far.</summary>
    public int Count => _skuOfClass.Count;

    /// <summary>The SKU ids of the classes added so far.</summary>
    public IReadOnlyCollection<Guid> Skus => _classOfSku.Keys;

    /// <summary>The stable SKU id of a class name: the first 16 bytes of SHA-256 over its UTF-8 text.</summary>
    public static Guid SkuIdOf(string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(className), hash);
        return new Guid(hash[..16]);
    }

    /// <summary>Adds the class when new and returns its SKU id.</summary>
    public Guid Add(string className)
    {
        if (_skuOfClass.TryGetValue(className, out var known))
        {
            return known;
        }

        var sku = SkuIdOf(className);
        _skuOfClass[className] = sku;
        _classOfSku[sku] = className;
        return sku;
    }

    /// <summary>The class of a SKU id; null when no added class has it.</summary>
    public string? ClassOf(Guid skuId) => _classOfSku.GetValueOrDefault(skuId);
}
