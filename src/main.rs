fn main() -> std::process::ExitCode {
    ayi::cli::run()
}
