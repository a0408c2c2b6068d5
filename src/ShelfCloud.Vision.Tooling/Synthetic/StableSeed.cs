namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>
/// Seeds derived from a seed and an index that are the same in every process (<see cref="HashCode"/> is randomised per
/// process, so the same <c>synth --seed</c> would write other shelves in another run).
/// </summary>
public static class StableSeed
{
    public static int Of(int seed, int index)
    {
        unchecked
        {
            var mixed = (uint)seed * 0x9E3779B1u ^ ((uint)index + 0x7F4A7C15u) * 0x85EBCA77u;
            mixed ^= mixed >> 15;
            mixed *= 0xC2B2AE3Du;
            mixed ^= mixed >> 13;
            return (int)(mixed & 0x7FFFFFFF);
        }
    }
}
