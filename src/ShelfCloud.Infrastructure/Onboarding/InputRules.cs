namespace ShelfCloud.Infrastructure.Onboarding;

/// <summary>Validation shared by the onboarding services; messages are shown to users as they are.</summary>
internal static class InputRules
{
    public static string RequiredName(string? value, string field, int maxLength = 200)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw new OnboardingException($"{field} is required.");
        if (trimmed.Length > maxLength)
            throw new OnboardingException($"{field} must be at most {maxLength} characters.");
        return trimmed;
    }

    public static string? Optional(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return null;
        return trimmed.Length <= maxLength ? trimmed : throw new OnboardingException($"{field} must be at most {maxLength} characters.");
    }
}
