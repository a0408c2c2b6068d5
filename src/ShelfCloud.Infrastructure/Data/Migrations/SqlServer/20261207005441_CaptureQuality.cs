using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShelfCloud.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CaptureQuality : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "QualityFigures",
                table: "Captures",
                type: "nvarchar(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QualityIssues",
                table: "Captures",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QualityStatus",
                table: "Captures",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Unmeasured");

            migrationBuilder.CreateTable(
                name: "CameraQualityBaselines",
                columns: table => new
                {
                    CameraId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    GoodCaptures = table.Column<int>(type: "int", nullable: false),
                    Brightness = table.Column<double>(type: "float", nullable: false),
                    Contrast = table.Column<double>(type: "float", nullable: false),
                    Sharpness = table.Column<double>(type: "float", nullable: false),
                    Overexposed = table.Column<double>(type: "float", nullable: false),
                    Reference = table.Column<byte[]>(type: "varbinary(3072)", maxLength: 3072, nullable: true),
                    Last = table.Column<byte[]>(type: "varbinary(3072)", maxLength: 3072, nullable: true),
                    LastTakenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CameraQualityBaselines", x => x.CameraId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CameraQualityBaselines_TenantId",
                table: "CameraQualityBaselines",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CameraQualityBaselines");

            migrationBuilder.DropColumn(
                name: "QualityFigures",
                table: "Captures");

            migrationBuilder.DropColumn(
                name: "QualityIssues",
                table: "Captures");

            migrationBuilder.DropColumn(
                name: "QualityStatus",
                table: "Captures");
        }
    }
}
