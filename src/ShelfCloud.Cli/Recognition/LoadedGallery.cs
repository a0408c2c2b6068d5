using ShelfCloud.Infrastructure.Vectors;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Tooling.Datasets;
using ShelfCloud.Vision.Tooling.Recognition;

namespace ShelfCloud.Cli.Recognition;

/// <summary>An ImageFolder of reference images embedded into an in-memory <see cref="EmbeddedVectorIndex"/> for one command run.</summary>
internal sealed class LoadedGallery : IDisposable
{
    private readonly EmbeddedVectorIndex _index;

    private LoadedGallery(EmbeddedVectorIndex index, ImageFolderGallery gallery)
    {
        _index = index;
        Gallery = gallery;
    }

    public ImageFolderGallery Gallery { get; }

    public static Task<LoadedGallery> LoadAsync(CliContext cli, OnnxEmbedder embedder, string folder, SkippedImages skipped, CancellationToken cancellationToken) =>
        LoadAsync(cli, embedder, CommandPaths.Images(folder, "--gallery"), "--gallery", skipped, cancellationToken);

    /// <summary>Embeds <paramref name="images"/> (class = SKU) into a fresh in-memory index; <paramref name="option"/> names them in errors.</summary>
    public static async Task<LoadedGallery> LoadAsync(
        CliContext cli, OnnxEmbedder embedder, IReadOnlyList<LabelledImage> images, string option, SkippedImages skipped, CancellationToken cancellationToken)
    {
        var index = new EmbeddedVectorIndex(new EmbeddedVectorIndexOptions());
        try
        {
            // The gallery lives only for this run, under a tenant of its own.
            var gallery = new ImageFolderGallery(index, Guid.NewGuid());
            var files = new ImageFileEmbedder(embedder);
            await CommandProgress.RunAsync(cli, "Indexing gallery", images.Count, async advance =>
            {
                var embedded = new List<EmbeddedImage>();
                foreach (var image in files.Embed(images, cancellationToken))
                {
                    if (image.Vector is null)
                    {
                        skipped.Add(image.Image.Path, image.Error);
                    }
                    else
                    {
                        embedded.Add(image);
                    }

                    advance(1);
                }

                await gallery.AddAsync(embedded, cancellationToken);
                return embedded.Count;
            });
            skipped.RequireSome(gallery.ImageCount, option);
            return new LoadedGallery(index, gallery);
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    public void Dispose() => _index.Dispose();
}
