namespace ShelfCloud.Domain.Tenancy;

/// <summary>The portal's roles. Names are stored in the identity tables: do not rename.</summary>
public static class Roles
{
    public const string PlatformAdmin = nameof(PlatformAdmin);
    public const string TenantAdmin = nameof(TenantAdmin);
    public const string StoreManager = nameof(StoreManager);
    public const string Annotator = nameof(Annotator);
    public const string Supplier = nameof(Supplier);

    public static readonly IReadOnlyList<string> All = [PlatformAdmin, TenantAdmin, StoreManager, Annotator, Supplier];

    /// <summary>Roles a tenant admin may give to the tenant's own users.</summary>
    public static readonly IReadOnlyList<string> TenantRoles = [TenantAdmin, StoreManager, Annotator, Supplier];
}
