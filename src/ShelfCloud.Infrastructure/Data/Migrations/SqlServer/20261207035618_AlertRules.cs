using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShelfCloud.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AlertRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AlertRuleFirings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RuleId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Key = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    FiredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertRuleFirings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AlertRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    StoreId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ShelfId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SkuId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    MinCaptures = table.Column<int>(type: "int", nullable: true),
                    MinMinutes = table.Column<int>(type: "int", nullable: true),
                    AvailabilityBelow = table.Column<double>(type: "float", nullable: true),
                    Severity = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Enabled = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertRules", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AlertRuleFirings_TenantId_FiredAt",
                table: "AlertRuleFirings",
                columns: new[] { "TenantId", "FiredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AlertRuleFirings_TenantId_RuleId_Key",
                table: "AlertRuleFirings",
                columns: new[] { "TenantId", "RuleId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AlertRules_TenantId_Enabled",
                table: "AlertRules",
                columns: new[] { "TenantId", "Enabled" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlertRuleFirings");

            migrationBuilder.DropTable(
                name: "AlertRules");
        }
    }
}
