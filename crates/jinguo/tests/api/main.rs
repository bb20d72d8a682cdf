//! All integration tests in one binary (one link on a 2-core machine). Each test runs on the
//! engine chosen by `JINGUO_TEST_DATABASE_URL` (default: a fresh SQLite file).

mod accounts;
mod at_rest;
mod audit;
mod awards;
mod backup;
mod calendar;
mod cases;
mod children;
mod children_work;
mod cli;
mod common;
mod credentials;
mod data_files;
mod duties;
mod employment;
mod employment_import;
mod employment_pages;
mod english;
mod errors;
mod import_bounds;
mod keys;
mod national_codes;
mod pages;
mod people;
mod people_import;
mod program_pages;
mod programs;
mod proxies;
mod responses;
mod roles;
mod scope;
mod settings;
mod ui;
mod units;
mod uploads;
