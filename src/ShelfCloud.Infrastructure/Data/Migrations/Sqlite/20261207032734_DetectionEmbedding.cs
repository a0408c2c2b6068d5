using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShelfCloud.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DetectionEmbedding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Embedding",
                table: "Detections",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Embedding",
                table: "Detections");
        }
    }
}
