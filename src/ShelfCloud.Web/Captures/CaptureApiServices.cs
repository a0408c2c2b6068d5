namespace ShelfCloud.Web.Captures;

internal static class CaptureApiServices
{
    /// <summary>Camera-key authentication for the capture API and the per-camera upload rate limit.</summary>
    public static IServiceCollection AddCaptureApi(this IServiceCollection services)
    {
        services.AddScoped<CameraKeyAuthentication>();
        services.AddCameraRateLimiting();
        return services;
    }
}
