namespace ShelfCloud.Infrastructure.Tenancy;

/// <summary>Thrown when a write would touch a row outside the current tenant, or no tenant is selected.</summary>
public sealed class TenantAccessViolationException(string message) : InvalidOperationException(message);
