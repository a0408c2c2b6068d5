using Microsoft.EntityFrameworkCore;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Data;

/// <summary>Production: SQL Server / Azure SQL. Migrations in Data/Migrations/SqlServer.</summary>
public sealed class SqlServerShelfCloudDbContext(DbContextOptions<SqlServerShelfCloudDbContext> options, ITenantContext tenant)
    : ShelfCloudDbContext(options, tenant);
