namespace ShelfCloud.Domain.Catalog;

/// <summary>The seven product shapes of the RP2K dataset.</summary>
public enum ProductShape
{
    Bottle,
    Can,
    Box,
    Bag,
    Jar,
    HandledBottle,
    Pack,
}
