namespace ShelfCloud.Domain.Audit;

public static class AuditActions
{
    public const string TenantCreated = "tenant.created";
    public const string TenantEntered = "tenant.entered";
    public const string StoreCreated = "store.created";
    public const string StoreUpdated = "store.updated";
    public const string StoreDeleted = "store.deleted";
    public const string ShelfCreated = "shelf.created";
    public const string ShelfDeleted = "shelf.deleted";
    public const string CameraCreated = "camera.created";
    public const string CameraKeyRegenerated = "camera.key-regenerated";
    public const string CameraDeleted = "camera.deleted";
    public const string UserCreated = "user.created";
    public const string UserRolesChanged = "user.roles-changed";
    public const string UserDeleted = "user.deleted";
    public const string RealgramSettingsChanged = "realgram.settings-changed";
    public const string LearningRequested = "learning.requested";
    public const string SkuCreated = "sku.created";
    public const string SkuUpdated = "sku.updated";
}
