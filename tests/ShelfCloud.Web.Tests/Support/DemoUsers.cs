namespace ShelfCloud.Web.Tests.Support;

public static class DemoUsers
{
    public const string Platform = "platform@shelfcloud.test";
    public const string TenantAdmin = "admin@demo.shelfcloud.test";
    public const string StoreManager = "manager@demo.shelfcloud.test";
    public const string Annotator = "annotator@demo.shelfcloud.test";
    public const string Supplier = "supplier@demo.shelfcloud.test";
    public const string Anonymous = "";
}
