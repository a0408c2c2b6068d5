using System.Text.RegularExpressions;

namespace ShelfCloud.Domain.Tenancy;

/// <summary>Rules for tenant slugs: lower-case letters, digits and inner hyphens, 2–40 characters.</summary>
public static partial class TenantSlug
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? slug) => slug is { Length: >= 2 } && Pattern().IsMatch(slug);

    public const string Rule = "2–40 characters: lower-case letters, digits and hyphens, not starting or ending with a hyphen";
}
