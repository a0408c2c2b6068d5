using System.Runtime.CompilerServices;

// The vector tests check the int8 kernels, heaps and Qdrant request bodies directly.
[assembly: InternalsVisibleTo("ShelfCloud.Infrastructure.Tests")]
