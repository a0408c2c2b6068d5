using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShelfCloud.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RealgramTwo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Realgram_Overlap",
                table: "Tenants",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "IoU");

            migrationBuilder.AddColumn<bool>(
                name: "KeptByTracking",
                table: "Detections",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "RankerFeatures",
                table: "Detections",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RankerSkuId",
                table: "Detections",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RankerVersion",
                table: "Detections",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RealgramSkuId",
                table: "Detections",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TrackId",
                table: "Detections",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TrackSince",
                table: "Detections",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CameraTrackStates",
                columns: table => new
                {
                    CameraId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CaptureId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CapturedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Tracks = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CameraTrackStates", x => x.CameraId);
                });

            migrationBuilder.CreateTable(
                name: "RealgramTuningRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RanAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    SearchDecisions = table.Column<int>(type: "int", nullable: false),
                    HeldOutDecisions = table.Column<int>(type: "int", nullable: false),
                    BeforeTop1 = table.Column<double>(type: "float", nullable: false),
                    AfterTop1 = table.Column<double>(type: "float", nullable: false),
                    Before = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    After = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Applied = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RealgramTuningRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TenantRankerModels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ModelJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    TrainedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    TrainingFacings = table.Column<int>(type: "int", nullable: false),
                    HeldOutFacings = table.Column<int>(type: "int", nullable: false),
                    HeldOutTop1 = table.Column<double>(type: "float", nullable: false),
                    BaselineVersion = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    BaselineTop1 = table.Column<double>(type: "float", nullable: false),
                    Adopted = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TenantRankerModels", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CameraTrackStates_TenantId",
                table: "CameraTrackStates",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_RealgramTuningRuns_TenantId_RanAt",
                table: "RealgramTuningRuns",
                columns: new[] { "TenantId", "RanAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TenantRankerModels_TenantId_TrainedAt",
                table: "TenantRankerModels",
                columns: new[] { "TenantId", "TrainedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CameraTrackStates");

            migrationBuilder.DropTable(
                name: "RealgramTuningRuns");

            migrationBuilder.DropTable(
                name: "TenantRankerModels");

            migrationBuilder.DropColumn(
                name: "Realgram_Overlap",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "KeptByTracking",
                table: "Detections");

            migrationBuilder.DropColumn(
                name: "RankerFeatures",
                table: "Detections");

            migrationBuilder.DropColumn(
                name: "RankerSkuId",
                table: "Detections");

            migrationBuilder.DropColumn(
                name: "RankerVersion",
                table: "Detections");

            migrationBuilder.DropColumn(
                name: "RealgramSkuId",
                table: "Detections");

            migrationBuilder.DropColumn(
                name: "TrackId",
                table: "Detections");

            migrationBuilder.DropColumn(
                name: "TrackSince",
                table: "Detections");
        }
    }
}
