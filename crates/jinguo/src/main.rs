use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = jinguo::cli::Cli::parse();
    jinguo::cli::init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(jinguo::cli::run(cli))
}
