using System.Net;

namespace ShelfCloud.Infrastructure.Vectors.Qdrant;

/// <summary>Qdrant refused a request, or kept failing after all retries.</summary>
public sealed class QdrantException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The last HTTP status received, if any.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
