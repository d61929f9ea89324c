//! Three ayi nodes on one PostgreSQL, as real as it gets on one machine:
//! Debian's PostgreSQL server in a throwaway cluster (scripts/postgres.sh),
//! the real `ayi` binary on the real models three times over on loopback,
//! the recordings and photos in one folder they share, each node's index
//! its own. Each test starts its own server and nodes, so one that kills a
//! node or restarts the server leaves nothing behind for the next.
//!
//! Run one at a time (`--test-threads=1`): three nodes already share two cores.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use ureq::Agent;

const PASSWORD: &str = "cluster-test-password";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn models_dir() -> PathBuf {
    std::env::var_os("AYI_MODELS").map(PathBuf::from).unwrap_or_else(|| root().join("models"))
}

/// A PostgreSQL server of this test's own.
struct Postgres {
    dir: PathBuf,
    url: String,
}

impl Postgres {
    fn script(dir: &Path, what: &str) -> String {
        let out = Command::new("bash")
            .arg(root().join("scripts/postgres.sh"))
            .arg(what)
            .env("AYI_PG_DIR", dir)
            .stderr(Stdio::inherit())
            .output()
            .expect("scripts/postgres.sh runs");
        assert!(out.status.success(), "scripts/postgres.sh {what} failed");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    fn start(dir: PathBuf) -> Postgres {
        let url = Postgres::script(&dir, "start");
        assert!(url.starts_with("postgres://"), "{url}");
        Postgres { dir, url }
    }

    fn restart(&self) {
        Postgres::script(&self.dir, "restart");
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        Postgres::script(&self.dir, "stop");
    }
}

struct Node {
    child: Option<Child>,
    url: String,
    log: PathBuf,
}

impl Node {
    fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// Three nodes (or `n`) on one database, sharing the files folder.
struct Cluster {
    nodes: Vec<Node>,
    database: String,
    shared: PathBuf,
    work: PathBuf,
    // Dropped last: the nodes stop before their server does.
    postgres: Postgres,
    _temp: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn agent() -> Agent {
    Agent::config_builder().http_status_as_error(false).timeout_global(Some(Duration::from_secs(60))).build().into()
}

impl Cluster {
    fn start(n: usize) -> Cluster {
        let temp = tempfile::tempdir().unwrap();
        let work = temp.path().to_path_buf();
        // The server runs as an unprivileged user, who must reach its folder.
        std::fs::set_permissions(&work, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let postgres = Postgres::start(work.join("postgres"));
        let database = format!("{}/postgres", postgres.url);
        let shared = work.join("shared");
        let mut cluster = Cluster { nodes: Vec::new(), database, shared, work, postgres, _temp: temp };
        // A recruiter, through the CLI, before any node runs (it also migrates).
        let mut add = Command::new(env!("CARGO_BIN_EXE_ayi"))
            .args(["users", "add", "recruiter", "--data"])
            .arg(&cluster.shared)
            .args(["--database", &cluster.database])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(add.stdin.take().unwrap(), "{PASSWORD}").unwrap();
        assert!(add.wait().unwrap().success());
        for i in 0..n {
            let node = cluster.spawn(i);
            cluster.nodes.push(node);
        }
        for node in &mut cluster.nodes {
            wait_until_up(node);
        }
        cluster
    }

    fn spawn(&self, i: usize) -> Node {
        let port = free_port();
        let log = self.work.join(format!("node{i}.log"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_ayi"));
        command
            .args(["serve", "--no-demo", "--addr", &format!("127.0.0.1:{port}"), "--data"])
            .arg(&self.shared)
            .args(["--database", &self.database, "--index"])
            .arg(self.work.join(format!("index{i}")))
            .env("AYI_MODELS", models_dir())
            .env("AYI_THREADS", "2")
            .env("AYI_LOG", "ayi=info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        // Killed with the thread that started it, should a failing test
        // leave without dropping its nodes (a panic in another thread).
        // SAFETY: prctl is async-signal-safe and touches only the child.
        unsafe {
            std::os::unix::process::CommandExt::pre_exec(&mut command, || {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let child = command.spawn().unwrap();
        Node { child: Some(child), url: format!("http://127.0.0.1:{port}"), log }
    }

    fn restart_node(&mut self, i: usize) {
        self.nodes[i].kill9();
        self.nodes[i] = self.spawn(i);
        wait_until_up(&mut self.nodes[i]);
    }

    fn url(&self, i: usize) -> &str {
        &self.nodes[i % self.nodes.len()].url
    }

    /// Every node's log, for a failure's message.
    fn logs(&self) -> String {
        self.nodes
            .iter()
            .map(|n| std::fs::read_to_string(&n.log).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n----\n")
    }
}

fn wait_until_up(node: &mut Node) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if agent().get(format!("{}/healthz", node.url)).call().is_ok_and(|r| r.status() == 200) {
            return;
        }
        if let Some(status) = node.child.as_mut().and_then(|c| c.try_wait().unwrap()) {
            let log = std::fs::read_to_string(&node.log).unwrap_or_default();
            panic!("node at {} stopped ({status}):\n{log}", node.url);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("node at {} did not start:\n{}", node.url, std::fs::read_to_string(&node.log).unwrap_or_default());
}

struct Reply {
    status: u16,
    body: Value,
}

fn send(request: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    match request {
        Ok(mut response) => {
            let status = response.status().as_u16();
            let text = response.body_mut().read_to_string().unwrap_or_default();
            Reply { status, body: serde_json::from_str(&text).unwrap_or(Value::String(text)) }
        }
        // A node killed under a request: no answer at all.
        Err(e) => Reply { status: 0, body: Value::String(e.to_string()) },
    }
}

fn post(url: &str, body: Value) -> Reply {
    send(agent().post(url).send_json(body))
}

fn get(url: &str, cookie: Option<&str>) -> Reply {
    let mut request = agent().get(url);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    send(request.call())
}

fn create(node: &str, language: &str) -> String {
    let reply = post(&format!("{node}/api/interviews"), json!({ "language": language }));
    assert_eq!(reply.status, 201, "{}", reply.body);
    reply.body["id"].as_str().unwrap().to_string()
}

/// A typed answer to the question now asked; the reply.
fn answer(node: &str, id: &str, text: &str, question_id: Option<&str>) -> Reply {
    let mut body = json!({ "text": text });
    if let Some(q) = question_id {
        body["question_id"] = json!(q);
    }
    post(&format!("{node}/api/interviews/{id}/answers"), body)
}

fn interview(node: &str, id: &str) -> Value {
    let reply = get(&format!("{node}/api/interviews/{id}"), None);
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body
}

/// Logs the recruiter in on `node`; the session cookie.
fn login(node: &str) -> String {
    let response = agent()
        .post(format!("{node}/api/login"))
        .send_json(json!({ "name": "recruiter", "password": PASSWORD }))
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response.headers().get("set-cookie").expect("a session cookie").to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

/// What a search on `node` finds: the results as the API gives them.
fn search_results(node: &str, cookie: &str, query: &str) -> Vec<Value> {
    let query: String = query.bytes().map(|b| format!("%{b:02X}")).collect();
    let reply = get(&format!("{node}/api/search?q={query}&top=50"), Some(cookie));
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["results"].as_array().unwrap().clone()
}

/// The public ids a search on `node` finds.
fn search(node: &str, cookie: &str, query: &str) -> Vec<String> {
    search_results(node, cookie, query).iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
}

/// How long until `found` holds on `node`, polling; `None` after `limit`.
fn time_until(limit: Duration, mut found: impl FnMut() -> bool) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if found() {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

const ANSWERS_ZH: [&str; 4] = [
    "我叫王秀英，今年五十二，河南人",
    "我会做饭，打扫卫生，照顾老人",
    "做了八年住家保姆",
    "想要一个月七千，随时可以上岗",
];

/// A worker interviewed across the nodes and published on `publisher`.
fn published_worker(cluster: &Cluster, publisher: usize) -> (String, String) {
    let id = create(cluster.url(0), "zh");
    for (i, text) in ANSWERS_ZH.iter().enumerate() {
        let reply = answer(cluster.url(i), &id, text, None);
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let reply = post(&format!("{}/api/interviews/{id}/publish", cluster.url(publisher)), json!({}));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let public_id = reply.body["profile_id"].as_str().unwrap().to_string();
    (id, public_id)
}

#[test]
fn one_interview_answered_on_three_nodes_is_one_interview_and_a_double_tap_across_nodes_is_stored_once() {
    let cluster = Cluster::start(3);
    let id = create(cluster.url(0), "zh");
    // Each answer to another node, as a load balancer would spread them.
    for (i, text) in ANSWERS_ZH.iter().take(3).enumerate() {
        let reply = answer(cluster.url(i + 1), &id, text, None);
        assert_eq!(reply.status, 200, "node {}: {}", i + 1, reply.body);
        assert_eq!(reply.body["seq"], json!(i + 1));
    }
    for node in 0..3 {
        let view = interview(cluster.url(node), &id);
        let said: Vec<&str> =
            view["answers"].as_array().unwrap().iter().map(|a| a["transcript"].as_str().unwrap()).collect();
        assert_eq!(said, ANSWERS_ZH[..3], "node {node} sees the same answers in the same order");
        assert_eq!(view["profile"]["name"], json!("王秀英"));
    }
    // The same answer sent to two nodes at once, twenty times over: each
    // time at most one is stored.
    let mut stored = 3;
    for round in 0..20 {
        let question = interview(cluster.url(0), &id)["next_question"]["id"].as_str().map(str::to_string);
        let Some(question) = question else { break };
        let urls: Vec<String> = (0..2).map(|n| cluster.url(round + n).to_string()).collect();
        let (id2, q2) = (id.clone(), question.clone());
        let other = std::thread::spawn(move || answer(&urls[1], &id2, "住家不住家都可以", Some(&q2)));
        let first = answer(cluster.url(round), &id, "住家不住家都可以", Some(&question));
        let second = other.join().unwrap();
        let accepted = [&first, &second].iter().filter(|r| r.status == 200 && !r.body["seq"].is_null()).count();
        assert!(accepted <= 1, "round {round}: both stored: {} / {}", first.body, second.body);
        for refused in [&first, &second].iter().filter(|r| r.status != 200) {
            assert_eq!(refused.status, 409, "round {round}: {}", refused.body);
        }
        stored += accepted;
        let answers = interview(cluster.url(round + 2), &id)["answers"].as_array().unwrap().len();
        assert_eq!(answers, stored, "round {round}\n{}", cluster.logs());
    }
}

#[test]
fn publishing_on_one_node_is_searchable_on_the_others_within_a_second_and_deletion_is_everywhere() {
    let cluster = Cluster::start(3);
    // A session made on one node is good on every node.
    let cookie = login(cluster.url(2));
    let mut delays = Vec::new();
    let mut workers = Vec::new();
    for publisher in 0..3 {
        let (id, public_id) = published_worker(&cluster, publisher);
        for other in (0..3).filter(|&n| n != publisher) {
            let delay = time_until(Duration::from_secs(5), || {
                search(cluster.url(other), &cookie, "做饭 保姆").contains(&public_id)
            });
            let delay = delay.unwrap_or_else(|| panic!("node {other} never found {public_id}\n{}", cluster.logs()));
            assert!(delay < Duration::from_secs(1), "node {other} found it after {delay:?}");
            delays.push(delay);
        }
        workers.push((id, public_id));
    }
    eprintln!("cluster: published → searchable on another node: {delays:?}");

    // A correction on one node reaches every node's index.
    let (id, public_id) = &workers[1];
    let reply = send(
        agent().patch(format!("{}/api/interviews/{id}/profile", cluster.url(0))).send_json(json!({"name": "李改名"})),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    for node in 1..3 {
        let renamed = time_until(Duration::from_secs(5), || {
            search_results(cluster.url(node), &cookie, "做饭 保姆")
                .iter()
                .any(|r| r["id"] == json!(public_id) && r["name"] == json!("李改名"))
        });
        let renamed = renamed.unwrap_or_else(|| panic!("node {node} still has the old name\n{}", cluster.logs()));
        assert!(renamed < Duration::from_secs(1), "node {node}: {renamed:?}");
    }

    // A worker with a photo, deleted on one node: gone from every index,
    // every page and the shared folder.
    let (id, public_id) = &workers[0];
    let photo = {
        let image = image::RgbImage::from_pixel(64, 64, image::Rgb([200, 120, 90]));
        let mut jpeg = std::io::Cursor::new(Vec::new());
        image.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
        jpeg.into_inner()
    };
    let (content_type, body) = ayi::tools::bench::serve::multipart("photo", "me.jpg", &photo);
    let reply = send(
        agent()
            .post(format!("{}/api/interviews/{id}/photo", cluster.url(1)))
            .header("content-type", &content_type)
            .send(&body[..]),
    );
    assert_eq!(reply.status, 204, "{}", reply.body);
    let files = |sub: &str| -> Vec<String> {
        std::fs::read_dir(cluster.shared.join(sub))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(public_id.as_str()))
            .collect()
    };
    assert_eq!(files("photos").len(), 1);
    let reply = send(agent().delete(format!("{}/api/interviews/{id}", cluster.url(1))).call());
    assert_eq!(reply.status, 204, "{}", reply.body);
    for node in 0..3 {
        let gone =
            time_until(Duration::from_secs(5), || !search(cluster.url(node), &cookie, "做饭 保姆").contains(public_id));
        let gone = gone.unwrap_or_else(|| panic!("node {node} still finds the deleted worker\n{}", cluster.logs()));
        assert!(gone < Duration::from_secs(1), "node {node}: {gone:?}");
        assert_eq!(get(&format!("{}/api/workers/{public_id}", cluster.url(node)), Some(&cookie)).status, 404);
        assert_eq!(get(&format!("{}/cards/{public_id}.png", cluster.url(node)), None).status, 404);
        assert_eq!(get(&format!("{}/api/interviews/{id}", cluster.url(node)), None).status, 404);
    }
    assert!(files("photos").is_empty());
    // The other workers are still there, on every node.
    for node in 0..3 {
        let found = search(cluster.url(node), &cookie, "做饭 保姆");
        assert!(workers[1..].iter().all(|(_, p)| found.contains(p)), "node {node}: {found:?}");
    }
}

#[test]
fn a_node_killed_mid_answer_loses_no_acknowledged_answer() {
    let mut cluster = Cluster::start(3);
    let wav = std::fs::read(root().join("tests/fixtures/answer_en.wav")).unwrap();
    let (content_type, body) = ayi::tools::bench::serve::multipart("audio", "answer.wav", &wav);
    let (content_type, body) = (Arc::new(content_type), Arc::new(body));
    let ids: Vec<String> = (0..4).map(|_| create(cluster.url(0), "en")).collect();
    // Four workers answering on node 1 at once, again and again; it is
    // killed as soon as it has acknowledged one answer, while it still hears
    // the others (a fixed delay was sometimes after the last answer).
    let acknowledged_so_far = Arc::new(AtomicUsize::new(0));
    let senders: Vec<_> = ids
        .iter()
        .map(|id| {
            let (url, id) = (format!("{}/api/interviews/{id}/answers", cluster.url(1)), id.clone());
            let (content_type, body) = (content_type.clone(), body.clone());
            let acknowledged_so_far = acknowledged_so_far.clone();
            std::thread::spawn(move || {
                let (mut acknowledged, mut cut_off) = (Vec::new(), false);
                for _ in 0..3 {
                    let reply = send(agent().post(&url).header("content-type", content_type.as_str()).send(&body[..]));
                    match reply.status {
                        200 => {
                            acknowledged.push(reply.body["seq"].as_i64().expect("a stored answer has a number"));
                            acknowledged_so_far.fetch_add(1, Ordering::SeqCst);
                        }
                        // The node died under this answer (or the next one
                        // could not reach it).
                        0 => {
                            cut_off = true;
                            break;
                        }
                        _ => {}
                    }
                }
                (id, acknowledged, cut_off)
            })
        })
        .collect();
    time_until(Duration::from_secs(60), || acknowledged_so_far.load(Ordering::SeqCst) > 0);
    cluster.nodes[1].kill9();
    let results: Vec<(String, Vec<i64>, bool)> = senders.into_iter().map(|s| s.join().unwrap()).collect();
    let acknowledged: usize = results.iter().map(|(_, a, _)| a.len()).sum();
    let cut_off = results.iter().filter(|(_, _, cut)| *cut).count();
    assert!(acknowledged > 0, "nothing was answered before the kill: too early to tell\n{}", cluster.logs());
    assert!(cut_off > 0, "every answer was done before the kill: too late to tell");
    for (id, acked, _) in &results {
        let view = interview(cluster.url(2), id);
        let stored: Vec<i64> = view["answers"].as_array().unwrap().iter().map(|a| a["seq"].as_i64().unwrap()).collect();
        for seq in acked {
            assert!(stored.contains(seq), "answer {seq} of {id} was acknowledged and lost: {stored:?}");
        }
        for answer in view["answers"].as_array().unwrap() {
            assert!(answer["transcript"].as_str().unwrap().contains("years"), "{answer}");
        }
    }
    // The interviews carry on on the others, and on the node once restarted.
    cluster.restart_node(1);
    for (i, (id, _, _)) in results.iter().enumerate() {
        let reply = answer(cluster.url(i), id, "I can start next week.", None);
        assert!(reply.status == 200 || reply.body["error"]["code"] == "interview_finished", "{}", reply.body);
    }
    eprintln!("cluster: {acknowledged} answers acknowledged before the kill, all stored; {cut_off} cut off");
}

#[test]
fn after_postgresql_restarts_the_nodes_reconnect_and_catch_up() {
    let cluster = Cluster::start(3);
    let cookie = login(cluster.url(0));
    let (_, before) = published_worker(&cluster, 0);
    cluster.postgres.restart();
    // Requests work again on every node once the server is back.
    let back = time_until(Duration::from_secs(30), || {
        post(&format!("{}/api/interviews", cluster.url(1)), json!({})).status == 201
    });
    assert!(back.is_some(), "node 1 never recovered\n{}", cluster.logs());
    let (_, after) = published_worker(&cluster, 1);
    for node in [0, 2] {
        let found = time_until(Duration::from_secs(5), || {
            let found = search(cluster.url(node), &cookie, "做饭 保姆");
            found.contains(&before) && found.contains(&after)
        });
        assert!(found.is_some(), "node {node} did not catch up\n{}", cluster.logs());
    }
    // The session made before the restart still holds.
    assert_eq!(get(&format!("{}/api/me", cluster.url(2)), Some(&cookie)).status, 200);
}

#[test]
fn sixteen_interviews_at_once_over_three_nodes_store_every_acknowledged_answer_once() {
    let cluster = Arc::new(Cluster::start(3));
    let workers: Vec<_> = (0..16)
        .map(|w| {
            let cluster = cluster.clone();
            std::thread::spawn(move || {
                let id = create(cluster.url(w), "zh");
                let mut acknowledged = Vec::new();
                for (i, text) in ANSWERS_ZH.iter().enumerate() {
                    let question =
                        interview(cluster.url(w + i), &id)["next_question"]["id"].as_str().unwrap().to_string();
                    // Each answer sent twice at once to two nodes: a double tap
                    // behind a load balancer.
                    let (a, b) = (cluster.url(w + i).to_string(), cluster.url(w + i + 1).to_string());
                    let (id2, q2) = (id.clone(), question.clone());
                    let twin = std::thread::spawn(move || answer(&b, &id2, text, Some(&q2)));
                    let replies = [answer(&a, &id, text, Some(&question)), twin.join().unwrap()];
                    for reply in &replies {
                        match reply.status {
                            200 => acknowledged.push(reply.body["seq"].as_i64().unwrap()),
                            409 => {}
                            other => panic!("worker {w}: {other} {}", reply.body),
                        }
                    }
                }
                (id, acknowledged)
            })
        })
        .collect();
    for (w, worker) in workers.into_iter().enumerate() {
        let (id, acknowledged) = worker.join().unwrap();
        let view = interview(cluster.url(w + 1), &id);
        let answers = view["answers"].as_array().unwrap();
        let stored: Vec<i64> = answers.iter().map(|a| a["seq"].as_i64().unwrap()).collect();
        let mut sorted = acknowledged.clone();
        sorted.sort_unstable();
        assert_eq!(stored, sorted, "worker {w}: stored {stored:?}, acknowledged {acknowledged:?}");
        let questions: std::collections::HashSet<&str> =
            answers.iter().map(|a| a["question_id"].as_str().unwrap()).collect();
        assert_eq!(questions.len(), answers.len(), "worker {w}: a question answered twice");
        assert_eq!(answers.len(), ANSWERS_ZH.len(), "worker {w}: each answer stored once");
    }
}

#[test]
fn a_guesser_spread_over_the_nodes_meets_the_limits_of_one() {
    let cluster = Cluster::start(3);
    // Thirty wrong passwords from one address, a new name each time (so no
    // name's own backoff starts), spread over the nodes by turns.
    for i in 0..30 {
        let reply = post(
            &format!("{}/api/login", cluster.url(i)),
            json!({"name": format!("guess{i}"), "password": "wrong password"}),
        );
        assert_eq!(reply.status, 401, "guess {i}: {}", reply.body);
    }
    // The address's window is full on every node, not only where it filled.
    for node in 0..3 {
        let reply =
            post(&format!("{}/api/login", cluster.url(node)), json!({"name": "recruiter", "password": PASSWORD}));
        assert_eq!(reply.status, 429, "node {node}: {}", reply.body);
    }
}
