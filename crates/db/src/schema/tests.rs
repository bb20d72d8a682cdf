//! Migrations already applied must keep creating the same database. The DDL of every migration,
//! rendered for each engine, is held here as a snapshot (`snapshots/mNNNN_<engine>.txt`) in a
//! canonical form: identifiers unquoted, keywords and types in lower case, a column's constraints
//! in one order, and a foreign key written on its column (`REFERENCES units (code)`) the same as
//! one written on the table (`FOREIGN KEY (unit_code) REFERENCES units (code)`), and PostgreSQL's
//! `bool` the `boolean` it is — spellings that differ in text but create the same table on both
//! engines. A new migration fails here until its two snapshots are written; the failure shows
//! what to write.

use super::{m0003_cases, m0004_employment, m0019_training, Migration, MIGRATIONS};
use crate::Engine;

/// The engines, as their snapshot files name them.
const ENGINES: [(Engine, &str); 2] = [(Engine::Sqlite, "sqlite"), (Engine::Postgres, "postgres")];

#[test]
fn every_migration_creates_the_same_schema_on_both_engines() {
    let failures: Vec<String> = MIGRATIONS
        .iter()
        .flat_map(|m| {
            ENGINES
                .iter()
                .filter_map(move |&(engine, name)| snapshot_failure(m, engine, name))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Why migration `m` on `engine` does not match its snapshot file, naming both; `None` when it does.
fn snapshot_failure(m: &Migration, engine: Engine, engine_name: &str) -> Option<String> {
    let file = format!("src/schema/snapshots/m{:04}_{engine_name}.txt", m.version);
    let which = format!("migration {} ({}) on {engine_name}", m.version, m.name);
    match std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))) {
        Ok(snapshot) => ddl_difference(m.statements, engine, &snapshot)
            .map(|difference| format!("{which} differs from {file}: {difference}")),
        Err(_) => Some(format!(
            "{which} has no snapshot: write {file} with\n{}",
            rendered(m.statements, engine).join("\n\n")
        )),
    }
}

#[test]
fn migration_3_creates_the_same_schema_on_sqlite() {
    assert_same_ddl(
        m0003_cases::statements,
        Engine::Sqlite,
        include_str!("snapshots/m0003_sqlite.txt"),
    );
}

#[test]
fn migration_3_creates_the_same_schema_on_postgres() {
    assert_same_ddl(
        m0003_cases::statements,
        Engine::Postgres,
        include_str!("snapshots/m0003_postgres.txt"),
    );
}

#[test]
fn migration_4_creates_the_same_schema_on_sqlite() {
    assert_same_ddl(
        m0004_employment::statements,
        Engine::Sqlite,
        include_str!("snapshots/m0004_sqlite.txt"),
    );
}

#[test]
fn migration_4_creates_the_same_schema_on_postgres() {
    assert_same_ddl(
        m0004_employment::statements,
        Engine::Postgres,
        include_str!("snapshots/m0004_postgres.txt"),
    );
}

#[test]
fn migration_19_creates_the_same_schema_on_sqlite() {
    assert_same_ddl(
        m0019_training::statements,
        Engine::Sqlite,
        include_str!("snapshots/m0019_sqlite.txt"),
    );
}

#[test]
fn migration_19_creates_the_same_schema_on_postgres() {
    assert_same_ddl(
        m0019_training::statements,
        Engine::Postgres,
        include_str!("snapshots/m0019_postgres.txt"),
    );
}

type Statements = fn(&dyn sea_query::SchemaBuilder, Engine) -> Vec<String>;

fn assert_same_ddl(statements: Statements, engine: Engine, snapshot: &str) {
    if let Some(difference) = ddl_difference(statements, engine, snapshot) {
        panic!("{difference}");
    }
}

/// The first way the statements, rendered for `engine` in canonical form, differ from the
/// snapshot; `None` when they are the same.
fn ddl_difference(statements: Statements, engine: Engine, snapshot: &str) -> Option<String> {
    let rendered = rendered(statements, engine);
    let expected: Vec<&str> = snapshot.split("\n\n").map(str::trim).collect();
    if rendered.len() != expected.len() {
        return Some(format!(
            "number of statements: {} rendered, {} in the snapshot",
            rendered.len(),
            expected.len()
        ));
    }
    rendered
        .iter()
        .zip(&expected)
        .position(|(got, want)| got != want)
        .map(|i| {
            format!(
                "statement {}:\n  rendered: {}\n  snapshot: {}",
                i + 1,
                rendered[i],
                expected[i]
            )
        })
}

/// The statements rendered for `engine`, each in canonical form.
fn rendered(statements: Statements, engine: Engine) -> Vec<String> {
    statements(engine.schema_builder(), engine)
        .iter()
        .map(|s| canonical(s))
        .collect()
}

/// One statement in the canonical form described at the top of this file.
fn canonical(statement: &str) -> String {
    let tokens = tokens(statement);
    if tokens.len() > 3 && tokens[0] == "create" && tokens[1] == "table" {
        canonical_create_table(&tokens)
    } else {
        join(&tokens)
    }
}

/// Words in lower case (quoted identifiers unquoted), string literals as written, and each
/// other character on its own.
fn tokens(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(&ch) = chars.peek() {
        if ch.is_whitespace() {
            chars.next();
        } else if ch == '"' || ch == '\'' {
            chars.next();
            let mut text = String::new();
            for c in chars.by_ref() {
                if c == ch {
                    break;
                }
                text.push(c);
            }
            out.push(if ch == '\'' {
                format!("'{text}'")
            } else {
                text
            });
        } else if ch.is_alphanumeric() || ch == '_' {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if !(c.is_alphanumeric() || c == '_') {
                    break;
                }
                word.push(c.to_ascii_lowercase());
                chars.next();
            }
            out.push(word);
        } else {
            out.push(ch.to_string());
            chars.next();
        }
    }
    out
}

/// Tokens joined by one space, none inside parentheses' edges or before a comma.
fn join(tokens: &[impl AsRef<str>]) -> String {
    let mut out = String::new();
    let mut previous = "";
    for token in tokens {
        let token = token.as_ref();
        if !out.is_empty() && previous != "(" && token != ")" && token != "," {
            out.push(' ');
        }
        out.push_str(token);
        previous = token;
    }
    out
}

/// `table <name> <options>`, then a line per column (`<name> <type> <constraints>`, the
/// constraints sorted), then the table's keys and its foreign keys (sorted), column-level
/// references counted as foreign keys.
fn canonical_create_table(tokens: &[String]) -> String {
    let name = &tokens[2];
    let (items, options) = split_body(&tokens[3..]);
    let mut columns = Vec::new();
    let mut keys = Vec::new();
    let mut foreign_keys = Vec::new();
    for item in items {
        match item[0].as_str() {
            "primary" | "unique" | "constraint" | "check" => keys.push(join(item)),
            "foreign" => foreign_keys.push(join(item)),
            _ => {
                let (column, references) = canonical_column(item);
                columns.push(column);
                if let Some(references) = references {
                    foreign_keys.push(references);
                }
            }
        }
    }
    foreign_keys.sort();
    let mut lines = vec![join(
        &[&["table".to_owned(), name.clone()], options].concat(),
    )];
    for line in columns.into_iter().chain(keys).chain(foreign_keys) {
        lines.push(format!("  {line}"));
    }
    lines.join("\n")
}

/// The comma-separated items between the outer parentheses, and the tokens after them.
fn split_body(tokens: &[String]) -> (Vec<&[String]>, &[String]) {
    assert_eq!(tokens[0], "(");
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 1;
    for (i, token) in tokens.iter().enumerate() {
        match token.as_str() {
            "(" => depth += 1,
            ")" => {
                depth -= 1;
                if depth == 0 {
                    items.push(&tokens[start..i]);
                    return (items, &tokens[i + 1..]);
                }
            }
            "," if depth == 1 => {
                items.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    panic!("unbalanced parentheses")
}

/// A column as `<name> <type> <constraints sorted>`, and its `REFERENCES` clause as a table's
/// foreign key.
fn canonical_column(item: &[String]) -> (String, Option<String>) {
    const CONSTRAINT_WORDS: &[&str] = &[
        "not",
        "null",
        "primary",
        "unique",
        "default",
        "references",
        "check",
        "collate",
    ];
    let name = &item[0];
    let type_end = item
        .iter()
        .skip(1)
        .position(|t| CONSTRAINT_WORDS.contains(&t.as_str()))
        .map_or(item.len(), |p| p + 1);
    let column_type = match item[1..type_end].concat().as_str() {
        // PostgreSQL's own name of the type SQL calls BOOLEAN, which sea-query writes.
        "bool" => "boolean".to_owned(),
        other => other.to_owned(),
    };
    let mut constraints = Vec::new();
    let mut references = None;
    let mut i = type_end;
    while i < item.len() {
        let len = match item[i].as_str() {
            "not" | "primary" | "default" | "collate" => 2,
            "references" => {
                // `references <table> ( <column> )`
                let clause: Vec<&str> = ["foreign", "key", "(", name, ")"]
                    .into_iter()
                    .chain(item[i..i + 5].iter().map(String::as_str))
                    .collect();
                references = Some(join(&clause));
                i += 5;
                continue;
            }
            _ => 1,
        };
        constraints.push(join(&item[i..(i + len).min(item.len())]));
        i += len;
    }
    constraints.sort();
    let mut line = format!("{name} {column_type}");
    for constraint in constraints {
        line.push(' ');
        line.push_str(&constraint);
    }
    (line, references)
}
