using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Web;

internal static class StartupTasks
{
    /// <summary>Development (or <c>Database:MigrateOnStartup</c>): migrate, then seed the demo tenant and print its sign-ins.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var migrate = app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("Database:MigrateOnStartup");
        var seedDemo = app.Configuration.GetValue("Demo:Seed", app.Environment.IsDevelopment());
        if (!migrate)
            return;
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        if (!seedDemo)
            return;
        var result = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        var logger = app.Logger;
        logger.LogInformation("Demo tenant '{Slug}' {State}. Sign in with password {Password} as:", DemoSeeder.Slug,
            result.Created ? "created" : "already present", DemoSeeder.Password);
        foreach (var signIn in result.SignIns)
            logger.LogInformation("  {Email,-36} {Role}", signIn.Email, signIn.Role);
    }
}
