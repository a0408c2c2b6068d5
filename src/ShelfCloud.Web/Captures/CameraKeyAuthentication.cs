using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Web.Captures;

/// <summary>
/// Authenticates a request by its camera key and enters the camera's tenant into the request scope, before any
/// tenant data is touched: the key, never a parameter, names the tenant.
/// </summary>
internal sealed class CameraKeyAuthentication(CameraKeyResolver resolver, TenantContext tenant, CurrentActor actor)
{
    /// <summary>The camera; throws <see cref="CaptureRefusedException"/> (401) for a missing, unknown or replaced key.</summary>
    public async Task<CameraIdentity> AuthenticateAsync(string? rawKey, CancellationToken ct)
    {
        var camera = await resolver.ResolveAsync(rawKey, ct) ?? throw CaptureRefusedException.InvalidKey();
        // A cookie of another tenant's user already bound this scope; a scope never switches tenant.
        if (tenant.TenantId is { } bound && bound != camera.TenantId)
            throw CaptureRefusedException.InvalidKey();
        tenant.Enter(camera.TenantId);
        actor.Set(null, "camera:" + camera.Name);
        return camera;
    }
}
