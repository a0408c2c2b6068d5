namespace ShelfCloud.Infrastructure.Catalog;

/// <summary>GS1 GTIN-8/12/13/14 validation: digits only, mod-10 check digit with weights 3,1 from the right.</summary>
public static class Gtin
{
    public static bool IsValid(string value)
    {
        if (value.Length is not (8 or 12 or 13 or 14) || !value.All(char.IsAsciiDigit))
            return false;
        var sum = 0;
        var weight = 3;
        for (var i = value.Length - 2; i >= 0; i--, weight = 4 - weight)
            sum += (value[i] - '0') * weight;
        return (10 - sum % 10) % 10 == value[^1] - '0';
    }
}
