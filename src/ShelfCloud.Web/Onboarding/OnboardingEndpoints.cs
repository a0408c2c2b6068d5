using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Web.Tenancy;

namespace ShelfCloud.Web.Onboarding;

/// <summary><c>/api/v1</c> onboarding for scripts: stores, shelves, cameras of the signed-in user's tenant.</summary>
internal static class OnboardingEndpoints
{
    public static IEndpointRouteBuilder MapOnboardingEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.TenantAdmin).AddEndpointFilter<OnboardingErrorFilter>();

        var stores = api.MapGroup("/stores").WithTags("Stores");
        stores.MapGet("/", (StoreOnboarding s, CancellationToken ct) => s.ListAsync(ct));
        stores.MapGet("/{id:guid}", (Guid id, StoreOnboarding s, CancellationToken ct) => s.GetAsync(id, ct));
        stores.MapPost("/", async (StoreInput input, StoreOnboarding s, CancellationToken ct) =>
        {
            var created = await s.GetAsync(await s.CreateAsync(input, ct), ct);
            return TypedResults.Created($"/api/v1/stores/{created.Id}", created);
        });
        stores.MapPut("/{id:guid}", async (Guid id, StoreInput input, StoreOnboarding s, CancellationToken ct) =>
        {
            await s.UpdateAsync(id, input, ct);
            return TypedResults.NoContent();
        });
        stores.MapDelete("/{id:guid}", async (Guid id, StoreOnboarding s, CancellationToken ct) =>
        {
            await s.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });

        var shelves = api.MapGroup("/shelves").WithTags("Shelves");
        shelves.MapGet("/", (Guid? storeId, ShelfOnboarding s, CancellationToken ct) => s.ListAsync(storeId, ct));
        shelves.MapGet("/{id:guid}", (Guid id, ShelfOnboarding s, CancellationToken ct) => s.GetAsync(id, ct));
        shelves.MapPost("/", async (ShelfInput input, ShelfOnboarding s, CancellationToken ct) =>
        {
            var created = await s.GetAsync(await s.CreateAsync(input, ct), ct);
            return TypedResults.Created($"/api/v1/shelves/{created.Id}", created);
        });
        shelves.MapDelete("/{id:guid}", async (Guid id, ShelfOnboarding s, CancellationToken ct) =>
        {
            await s.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });

        var cameras = api.MapGroup("/cameras").WithTags("Cameras");
        cameras.MapGet("/", (Guid? shelfId, CameraOnboarding c, CancellationToken ct) => c.ListAsync(shelfId, ct));
        cameras.MapGet("/{id:guid}", (Guid id, CameraOnboarding c, CancellationToken ct) => c.GetAsync(id, ct));
        cameras.MapPost("/", async (CameraInput input, CameraOnboarding c, CancellationToken ct) =>
        {
            var issued = await c.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/cameras/{issued.CameraId}", issued);
        });
        cameras.MapPost("/{id:guid}/regenerate-key", (Guid id, CameraOnboarding c, CancellationToken ct) => c.RegenerateKeyAsync(id, ct));
        cameras.MapDelete("/{id:guid}", async (Guid id, CameraOnboarding c, CancellationToken ct) =>
        {
            await c.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });
        return app;
    }
}

/// <summary>Maps the services' user-facing errors to problem details: 404 for other tenants' or unknown ids, 400 for bad input.</summary>
internal sealed class OnboardingErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (NotFoundInTenantException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (OnboardingException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }
    }
}
