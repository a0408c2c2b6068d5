using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Catalog;
using ShelfCloud.Web.Onboarding;
using ShelfCloud.Web.Security;
using ShelfCloud.Web.Tenancy;

namespace ShelfCloud.Web.Catalog;

/// <summary><c>/api/v1/skus</c>: catalog search for tools, and CSV import (dry run first) for tenant admins.</summary>
internal static class CatalogEndpoints
{
    private const int MaxCsvBytes = 10 * 1024 * 1024;

    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var skus = app.MapGroup("/api/v1/skus").WithTags("Catalog").AddEndpointFilter<OnboardingErrorFilter>();
        skus.MapGet("/", (string? search, string? brand, string? manufacturer, string? category, ProductShape? shape, int? page, int? pageSize,
                SkuCatalog catalog, CancellationToken ct) =>
            catalog.SearchAsync(new SkuQuery(search, brand, manufacturer, category, shape, page ?? 0, pageSize ?? 25), ct))
            .RequireAuthorization(Policies.CatalogReader);
        skus.MapGet("/{id:guid}", (Guid id, SkuCatalog catalog, CancellationToken ct) => catalog.GetAsync(id, ct))
            .RequireAuthorization(Policies.CatalogReader);
        skus.MapPost("/import", ImportAsync).RequireAuthorization(Policies.TenantAdmin).DisableAntiforgery()
            .WithSummary("Import catalog CSV (text/csv body, at most 10 MB, UTF-8; other encodings are read as Windows-1252 with a warning).")
            .WithDescription("Without dryRun the file is applied at once, all or nothing: any row error refuses the whole file (400 with the preview). " +
                             "?dryRun=true returns the preview (creates, updates, unchanged, invalid, fileErrors, warnings, errors) without writing.");
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, bool? dryRun, CatalogImport import, CancellationToken ct)
    {
        if (request.ContentType is { } type && !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem("Send the catalog as text/csv.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        if (await BoundedRequestBody.ReadAsync(request, MaxCsvBytes, ct) is not { } bytes)
            return TypedResults.Problem($"The file is larger than {MaxCsvBytes / 1024 / 1024} MB.", statusCode: StatusCodes.Status413PayloadTooLarge,
                extensions: new Dictionary<string, object?> { ["reason"] = "request_too_large" });
        var file = CatalogText.Decode(bytes);
        if (dryRun == true)
            return TypedResults.Ok(Describe(await import.PreviewAsync(file, ct)));
        try
        {
            var result = await import.ApplyAsync(file, ct);
            return TypedResults.Ok(new
            {
                created = result.Created, updated = result.Updated, unchanged = result.Unchanged,
                warnings = file.Warning is { } warning ? [warning] : Array.Empty<string>(),
            });
        }
        catch (CatalogImportException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid catalog file",
                extensions: new Dictionary<string, object?> { ["preview"] = Describe(e.Preview) });
        }
    }

    private static object Describe(ImportPreview preview) => new
    {
        creates = preview.Creates,
        updates = preview.Updates,
        unchanged = preview.Unchanged,
        invalid = preview.Invalid,
        fileErrors = preview.FileErrors,
        warnings = preview.Warnings,
        errors = preview.Rows.Where(r => r.Action == ImportAction.Invalid).Select(r => new { line = r.Row.Line, code = r.Row.Code, errors = r.Row.Errors }),
    };
}
