namespace ShelfCloud.Infrastructure.Onboarding;

/// <summary>A request that cannot be carried out as asked (duplicate name, unknown parent, invalid value). The message is for the user.</summary>
public sealed class OnboardingException(string message) : Exception(message);

/// <summary>The row does not exist in the current tenant (whether it exists elsewhere is not revealed).</summary>
public sealed class NotFoundInTenantException(string what) : Exception($"{what} was not found.");
