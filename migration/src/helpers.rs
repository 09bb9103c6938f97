//! Small helpers shared by the migrations.
//!
//! SQLite accepts only one change per `ALTER TABLE`, so columns are added and dropped one
//! statement at a time; that shape also works on PostgreSQL.

use sea_orm_migration::prelude::*;

/// `created_at`/`updated_at` style timestamp, not null, defaulting to the current time.
pub fn timestamp_now(name: &'static str) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .default(Expr::current_timestamp())
        .to_owned()
}

/// Nullable timestamp with time zone.
pub fn timestamp_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

/// Nullable JSON document (jsonb on PostgreSQL, JSON text on SQLite).
pub fn json_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).json_binary().null().to_owned()
}

/// Not-null string with a default value: existing rows are backfilled with the default.
pub fn string_default(name: &'static str, default: &'static str) -> ColumnDef {
    ColumnDef::new(name)
        .string()
        .not_null()
        .default(default)
        .to_owned()
}

/// Nullable string.
pub fn string_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).string().null().to_owned()
}

/// Nullable text.
pub fn text_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().null().to_owned()
}

/// Not-null integer with a default.
pub fn integer_default(name: &'static str, default: i32) -> ColumnDef {
    ColumnDef::new(name)
        .integer()
        .not_null()
        .default(default)
        .to_owned()
}

/// Not-null boolean with a default.
pub fn bool_default(name: &'static str, default: bool) -> ColumnDef {
    ColumnDef::new(name)
        .boolean()
        .not_null()
        .default(default)
        .to_owned()
}

/// Adds each column with its own `ALTER TABLE` statement.
pub async fn add_columns(
    manager: &SchemaManager<'_>,
    table: &'static str,
    columns: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    for mut column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(table)
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

/// Drops each column with its own `ALTER TABLE` statement (indexes on them must be gone first).
pub async fn drop_columns(
    manager: &SchemaManager<'_>,
    table: &'static str,
    columns: &[&'static str],
) -> Result<(), DbErr> {
    for column in columns {
        manager
            .alter_table(Table::alter().table(table).drop_column(*column).to_owned())
            .await?;
    }
    Ok(())
}

/// Creates a (non-unique) index.
pub async fn create_index(
    manager: &SchemaManager<'_>,
    name: &'static str,
    table: &'static str,
    columns: &[&'static str],
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(*column);
    }
    manager.create_index(index.to_owned()).await
}

/// Creates a unique index.
pub async fn create_unique_index(
    manager: &SchemaManager<'_>,
    name: &'static str,
    table: &'static str,
    columns: &[&'static str],
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table).unique();
    for column in columns {
        index.col(*column);
    }
    manager.create_index(index.to_owned()).await
}

/// Drops an index by name.
pub async fn drop_index(
    manager: &SchemaManager<'_>,
    name: &'static str,
    table: &'static str,
) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(table).to_owned())
        .await
}
