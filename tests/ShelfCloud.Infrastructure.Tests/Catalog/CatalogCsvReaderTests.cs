using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Catalog;

namespace ShelfCloud.Infrastructure.Tests.Catalog;

public sealed class CatalogCsvReaderTests
{
    [Fact]
    public void Reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        var csv = "code,name,brand,shape\r\nA-1,\"Milk, whole \"\"fresh\"\"\",Nordkind,bottle\r\nA-2,\"Two\nlines\",Nordkind,handled bottle\r\n";
        var result = CatalogCsvReader.Read(csv);
        result.IsValid.ShouldBeTrue();
        result.Rows.Select(r => r.Name).ShouldBe(["Milk, whole \"fresh\"", "Two\nlines"]);
        result.Rows.Select(r => r.Shape).ShouldBe([ProductShape.Bottle, ProductShape.HandledBottle]);
        result.Rows[1].Line.ShouldBe(3);
    }

    [Fact]
    public void Columns_may_come_in_any_order_and_optional_ones_may_be_missing()
    {
        var result = CatalogCsvReader.Read("name,code\nOat drink,X-9\n");
        result.IsValid.ShouldBeTrue();
        result.Rows.Single().Code.ShouldBe("X-9");
        result.Rows.Single().Brand.ShouldBe("");
    }

    [Fact]
    public void Missing_required_column_is_a_file_error()
    {
        var result = CatalogCsvReader.Read("name,brand\nMilk,Nordkind\n");
        result.FileErrors.ShouldContain(e => e.Contains("Missing column 'code'"));
        result.Rows.ShouldBeEmpty();
    }

    [Fact]
    public void Row_errors_name_the_problem()
    {
        var csv = "code,gtin,name,shape\n,4006381333931,No code,box\nB-1,4006381333932,Bad check digit,box\nB-2,,Bad shape,sphere\nB-3,,Good,can\nB-3,,Duplicate code,can\n";
        var rows = CatalogCsvReader.Read(csv).Rows;
        rows[0].Errors.ShouldContain("code is required.");
        rows[1].Errors.ShouldContain(e => e.Contains("not a valid GTIN"));
        rows[2].Errors.ShouldContain(e => e.Contains("shape 'sphere'"));
        rows[3].IsValid.ShouldBeTrue();
        rows[4].Errors.ShouldContain("code 'B-3' also appears on line 5.");
    }

    [Theory]
    [InlineData("4006381333931", true)]
    [InlineData("96385074", true)]
    [InlineData("036000291452", true)]
    [InlineData("4006381333932", false)]
    [InlineData("40063813339A1", false)]
    [InlineData("123", false)]
    public void Gtin_check_digits(string gtin, bool valid) => Gtin.IsValid(gtin).ShouldBe(valid);
}
