using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Models;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Vision.Inference;

namespace ShelfCloud.Infrastructure.Models;

/// <summary>
/// Records the models this node runs in the platform-wide <c>ModelVersions</c> table, identified by the SHA-256 of the
/// ONNX file, and marks them the active ones of their kind. Captures and reference vectors point at these rows, which is
/// how a changed embedder is noticed and the references re-embedded.
/// </summary>
public sealed class ModelVersionRegistry(IDbContextFactory<ShelfCloudDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The row of the model in <paramref name="path"/>, created when new; it becomes the active one of its kind.</summary>
    public async Task<ModelVersion> RegisterActiveAsync(ModelKind kind, string path, ModelCard card, int? embeddingDimension, CancellationToken ct = default)
    {
        var sha256 = await Sha256Async(path, ct);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var rows = await db.ModelVersions.Where(m => m.Kind == kind && (m.IsActive || m.Sha256 == sha256)).ToListAsync(ct);
            var model = rows.SingleOrDefault(m => m.Sha256 == sha256);
            if (model is null)
            {
                model = new ModelVersion
                {
                    Kind = kind,
                    Name = Truncate(card.Name ?? Path.GetFileNameWithoutExtension(path), 200),
                    Version = Truncate(card.Version ?? sha256[..12], 64),
                    Sha256 = sha256,
                    EmbeddingDimension = embeddingDimension,
                    CreatedAt = clock.GetUtcNow(),
                };
                db.ModelVersions.Add(model);
            }

            foreach (var other in rows.Where(m => m != model))
                other.IsActive = false;
            model.IsActive = true;
            try
            {
                await db.SaveChangesAsync(ct);
                return model;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another node registered the same file at the same moment (unique Kind + Sha256): read its row.
            }
        }
    }

    /// <summary>The lower-case hex SHA-256 of a file.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken ct = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
