namespace ShelfCloud.Infrastructure.Blobs;

/// <summary>
/// The rules for blob names and the tenant prefix. A name is relative to its tenant: 1–512 characters of
/// <c>A–Z a–z 0–9 . _ -</c> in segments separated by single <c>/</c>, with no segment made only of dots
/// (so no <c>..</c>), no leading or trailing <c>/</c> and no backslash or drive: it cannot leave the tenant's prefix
/// on any store.
/// </summary>
public static class BlobNames
{
    public const int MaxLength = 512;

    /// <summary>The prefix every blob of the tenant lives under: <c>{tenantId}/</c>.</summary>
    public static string TenantPrefix(Guid tenantId) =>
        tenantId == Guid.Empty ? throw new ArgumentException("A tenant id is required.", nameof(tenantId)) : tenantId.ToString("D") + "/";

    /// <summary>The full name of a tenant's blob, as stored (and as recorded in rows such as <c>Capture.BlobName</c>).</summary>
    public static string Qualify(Guid tenantId, string name)
    {
        Validate(name);
        return TenantPrefix(tenantId) + name;
    }

    /// <summary>The tenant-relative name of a full name; refuses a full name outside the tenant's prefix.</summary>
    public static string WithinTenant(Guid tenantId, string qualifiedName)
    {
        ArgumentNullException.ThrowIfNull(qualifiedName);
        var prefix = TenantPrefix(tenantId);
        if (!qualifiedName.StartsWith(prefix, StringComparison.Ordinal))
            throw new ArgumentException("The blob does not belong to this tenant.", nameof(qualifiedName));
        var name = qualifiedName[prefix.Length..];
        Validate(name);
        return name;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is a valid tenant-relative name.</summary>
    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxLength)
            throw new ArgumentException($"A blob name has 1 to {MaxLength} characters.", nameof(name));
        CheckSegments(name, allowTrailingSlash: false, nameof(name));
    }

    /// <summary>Like <see cref="Validate"/>, but "" and a trailing <c>/</c> are allowed.</summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > MaxLength)
            throw new ArgumentException($"A blob prefix has at most {MaxLength} characters.", nameof(prefix));
        if (prefix.Length > 0)
            CheckSegments(prefix, allowTrailingSlash: true, nameof(prefix));
    }

    private static void CheckSegments(string value, bool allowTrailingSlash, string parameter)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/'))
                throw new ArgumentException($"The blob name '{value}' has a character outside A-Z a-z 0-9 . _ - /.", parameter);
        }

        var segments = value.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0 && !(allowTrailingSlash && i == segments.Length - 1 && i > 0))
                throw new ArgumentException($"The blob name '{value}' has an empty segment (leading, trailing or double '/').", parameter);
            if (segment.Length > 0 && segment.All(c => c == '.'))
                throw new ArgumentException($"The blob name '{value}' has a '.' or '..' segment.", parameter);
        }
    }
}
