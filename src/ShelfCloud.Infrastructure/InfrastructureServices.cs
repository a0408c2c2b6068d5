using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ShelfCloud.Infrastructure.Alerts;
using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.CameraHealth;
using ShelfCloud.Infrastructure.Captures;
using ShelfCloud.Infrastructure.Dashboard;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Data.Sqlite;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Identity;
using ShelfCloud.Infrastructure.Indexing;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Learning;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.ReferenceImages;
using ShelfCloud.Infrastructure.Share;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure;

public static class InfrastructureServices
{
    /// <summary>Database, identity stores, tenancy, the onboarding features, blob store and capture ingestion: what portal, worker and CLI share.</summary>
    public static IHostApplicationBuilder AddInfrastructureServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        var data = DataFolder.FromConfiguration(builder.Configuration);
        services.AddSingleton(data);
        // Keys in the shared data folder: sign-in cookies survive restarts and work across portal instances.
        services.AddDataProtection().SetApplicationName("ShelfCloud").PersistKeysToFileSystem(new DirectoryInfo(data.Combine("keys")));

        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .Validate(o => o.Provider != DatabaseProvider.SqlServer || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is SqlServer.")
            .ValidateOnStart();
        AddDatabase(builder);
        AddTenancy(services);
        AddIdentityStores(services);

        services.AddScoped<StoreOnboarding>();
        services.AddScoped<ShelfOnboarding>();
        services.AddScoped<CameraOnboarding>();
        services.AddScoped<CameraKeyResolver>();
        services.AddScoped<TenantProvisioning>();
        services.AddScoped<TenantSwitcher>();
        services.AddScoped<TenantUsers>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<Catalog.SkuCatalog>();
        services.AddScoped<Catalog.CatalogImport>();
        services.AddScoped<Catalog.SkuEditor>();
        services.AddScoped<Shelves.ShelfBrowser>();
        services.AddScoped<Shelves.EvidenceBrowser>();
        services.AddScoped<Inbox.UnknownProductGroups>();
        services.AddScoped<Exports.TrainingExports>();
        services.AddScoped<Exports.TableExports>();
        services.AddScoped<Access.ApiTokens>();
        services.TryAddSingleton<Recognition.RankerSource>();
        services.AddScoped<Recognition.CaptureDecisionStep>();
        services.AddScoped<Recognition.CaptureBackfill>();
        services.AddScoped<Review.ReviewQueue>();
        services.AddScoped<Review.ReviewDecisions>();
        services.AddScoped<Indexing.AnnotationSearchSpace>();
        services.AddScoped<Review.AcceptanceReport>();
        services.AddAvailability();
        services.AddShareOfShelf();
        services.AddDashboard();
        services.AddOptions<Demo.DemoDataOptions>().BindConfiguration(Demo.DemoDataOptions.Section);
        services.AddScoped<Demo.DemoHistorySeeder>();
        services.AddScoped<Demo.DemoAnnotator>();
        services.AddScoped<DatabaseMigrator>();
        services.AddBlobStore();
        services.AddCaptureIngestion();
        services.AddReferenceImages();
        services.AddRecognitionServices();
        return builder;
    }

    /// <summary>
    /// Hangfire on the storage of <c>Jobs:Storage</c> and the jobs: capture dispatching and recognition, reference
    /// indexing, progress. With <c>Jobs:RunServer</c> (or <paramref name="alwaysRunServer"/>, the worker) also a Hangfire
    /// server and the periodic dispatcher. Call after <c>AddInfrastructureServices</c> and after any start-up check that
    /// must pass before jobs run.
    /// </summary>
    public static IHostApplicationBuilder AddJobServices(this IHostApplicationBuilder builder, bool alwaysRunServer = false)
    {
        var runsServer = builder.AddHangfireServices(alwaysRunServer);
        builder.Services.AddIndexingJobs();
        builder.Services.AddRecognitionJobs(runDispatcher: runsServer);
        builder.Services.AddLearningFromAnnotators(schedule: runsServer);
        if (runsServer)
        {
            builder.Services.AddAlertSending();
            builder.Services.AddMinuteWatchLoop();
        }
        return builder;
    }

    private static void AddDatabase(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddSqliteWrites();
                services.AddDbContextFactory<SqliteShelfCloudDbContext>((sp, o) =>
                    o.UseSqlite(SqliteConnectionString(options, sp.GetRequiredService<DataFolder>()), DatabaseProviderConfiguration.ConfigureSqlite)
                        .AddInterceptors(sp.GetRequiredService<SqliteWriteGate>(), sp.GetRequiredService<SqliteBusyTimeout>()),
                    ServiceLifetime.Scoped);
                services.AddScoped<IDbContextFactory<ShelfCloudDbContext>, ProviderDbContextFactory<SqliteShelfCloudDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContextFactory<SqlServerShelfCloudDbContext>(o =>
                    o.UseSqlServer(options.ConnectionString, DatabaseProviderConfiguration.ConfigureSqlServer),
                    ServiceLifetime.Scoped);
                services.AddScoped<IDbContextFactory<ShelfCloudDbContext>, ProviderDbContextFactory<SqlServerShelfCloudDbContext>>();
                break;
            default:
                throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions), [$"Unknown database provider '{options.Provider}'."]);
        }
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContext());
    }

    private static string SqliteConnectionString(DatabaseOptions options, DataFolder data) =>
        string.IsNullOrWhiteSpace(options.ConnectionString)
            ? $"Data Source={data.Combine("shelfcloud.db")};Default Timeout=30"
            : options.ConnectionString;

    private static void AddTenancy(IServiceCollection services)
    {
        services.AddScoped<TenantContext>();
        services.AddScoped<ITenantContext>(sp => sp.GetRequiredService<TenantContext>());
        services.AddScoped<CurrentActor>();
        services.AddScoped<AuditLog>();
        services.AddLearningCore();
        services.AddScoped<CameraHealthReader>();
        services.AddSingleton<CameraOfflineWatch>();
        services.AddSingleton<IMinuteWatch>(sp => sp.GetRequiredService<CameraOfflineWatch>());
        services.AddSingleton<AlertRuleWatch>();
        services.AddSingleton<IMinuteWatch>(sp => sp.GetRequiredService<AlertRuleWatch>());
        services.AddSingleton<TenantSweep>();
        services.AddAlerts();
        services.AddSingleton<TenantScopeFactory>();
    }

    private static void AddIdentityStores(IServiceCollection services)
    {
        services.AddIdentityCore<ApplicationUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ShelfCloudDbContext>()
            .AddClaimsPrincipalFactory<ShelfCloudClaimsPrincipalFactory>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
    }
}
