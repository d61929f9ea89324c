//! The service under bad luck and bad intent: a damaged index log,
//! deletions racing every other change, files left by a crash, unbounded
//! edits, private data's permissions. On fake models that take as long as
//! real ones to hear an answer, so the races are the same.

use std::path::Path;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use axum::Router;
use serde_json::json;

use crate::http::{
    fake_service, get, login, on_postgres, png_header, post_json, request, runtime, send, upload, wav, write_old, Reply,
};

async fn service(dir: &Path, queue: usize) -> (ayi::http::AppState, Router) {
    fake_service(dir, queue, false).await
}

async fn service_with_demo(dir: &Path) -> (ayi::http::AppState, Router) {
    fake_service(dir, 8, true).await
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

async fn create(router: &Router, language: &str) -> (String, String) {
    let reply = post_json(router, "/api/interviews", json!({ "language": language })).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let body = reply.json();
    (body["id"].as_str().unwrap().to_string(), body["profile_id"].as_str().unwrap().to_string())
}

async fn delete(router: &Router, id: &str) -> Reply {
    send(router, request(Method::DELETE, &format!("/api/interviews/{id}"), None).body(Body::empty()).unwrap()).await
}

/// Files under `data/sub` whose name starts with the worker's public id.
fn files_of(data: &Path, sub: &str, public_id: &str) -> Vec<String> {
    std::fs::read_dir(data.join(sub))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(public_id))
        .collect()
}

/// Waits for the index's writer lock to be free: work the dropped service
/// left running (indexing its demo workers) may hold the index a moment
/// longer, where a restarted process would find it free.
async fn index_lock_released(data: &Path) {
    let lock = std::fs::File::open(data.join("index/writer.lock")).unwrap();
    for _ in 0..200 {
        if lock.try_lock().is_ok() {
            lock.unlock().unwrap();
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the dropped service still holds the index after 10 s");
}

fn log_mentions(data: &Path, public_id: &str) -> bool {
    let log = std::fs::read(data.join("index/profiles.log")).unwrap_or_default();
    log.windows(public_id.len()).any(|w| w == public_id.as_bytes())
}

#[test]
fn a_damaged_index_log_is_repaired_from_the_database_at_start() {
    if on_postgres() {
        // Copies of a data folder share nothing with PostgreSQL's rows.
        eprintln!("SQLite only: copies the data folder, database and all");
        return;
    }
    runtime().block_on(async {
        let pristine = tempfile::tempdir().unwrap();
        let published: Vec<String> = {
            let (state, _router) = service_with_demo(pristine.path()).await;
            let published = state.store.published().await.unwrap().into_iter().map(|r| r.public_id).collect();
            // Closed before the copies: files vanish as SQLite closes.
            state.store.close().await;
            published
        };
        assert_eq!(published.len(), 12);
        let log = std::fs::read(pristine.path().join("index/profiles.log")).unwrap();
        // One flipped byte: in the first record's length, its checksum, its
        // JSON, the middle of the log, and the last record.
        for offset in [1, 5, 40, log.len() / 2, log.len() - 30] {
            let copy = tempfile::tempdir().unwrap();
            copy_dir(pristine.path(), copy.path());
            let mut damaged = log.clone();
            damaged[offset] ^= 0xff;
            std::fs::write(copy.path().join("index/profiles.log"), &damaged).unwrap();

            let (state, router) = service(copy.path(), 8).await;
            let (len, damaged) = state.pipeline.with_index(|index| (index.len(), index.damaged().len())).await.unwrap();
            assert_eq!(len, published.len(), "byte {offset}: the index holds every published worker");
            assert_eq!(damaged, 0, "byte {offset}: the log was rewritten without the damage");
            let (cookie, _) = login(&state, &router).await;
            let reply = get(&router, "/api/search?q=%E9%98%BF%E5%A7%A8&top=50", Some(&cookie)).await;
            assert_eq!(reply.status, StatusCode::OK);
            let found: Vec<String> =
                reply.json()["results"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().into()).collect();
            for id in &published {
                assert!(found.contains(id), "byte {offset}: search lost {id}");
            }
        }
    });
}

#[test]
fn a_deleted_worker_is_removed_from_the_index_at_start_even_if_the_removal_record_was_lost() {
    runtime().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (state, router) = service_with_demo(dir.path()).await;
        let row = state.store.published().await.unwrap().remove(0);
        // The database forgets the worker but the index does not (as if the
        // process died between the two).
        state.store.delete_interview(&row).await.unwrap();
        drop((state, router));
        assert!(log_mentions(dir.path(), &row.public_id));
        index_lock_released(dir.path()).await;
        let (state, _router) = service(dir.path(), 8).await;
        let public_id = row.public_id.clone();
        assert!(!state.pipeline.with_index(move |index| index.get(&public_id).is_some()).await.unwrap());
        assert!(!log_mentions(dir.path(), &row.public_id), "the worker's words are still in the log");
    });
}

/// An answer the (fake) speech model needs [`crate::http::HEARING`] for.
fn spoken_answer() -> Vec<u8> {
    wav(3.0, 0.2)
}

fn photo_jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

#[test]
fn deletion_is_the_last_word_for_answers_photos_rerecordings_and_publishing_racing_it() {
    runtime().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (_state, router) = service(dir.path(), 8).await;
        let audio = spoken_answer();
        let photo = photo_jpeg(3000, 2000);
        for delay_ms in [0u64, 150, 400, 900] {
            // An answer being heard, a photo being decoded, then deletion.
            let (id, public_id) = create(&router, "en").await;
            let answering = {
                let (router, uri, audio) = (router.clone(), format!("/api/interviews/{id}/answers"), audio.clone());
                tokio::spawn(async move { upload(&router, &uri, "audio", "a.wav", &audio).await })
            };
            let photographing = {
                let (router, uri, photo) = (router.clone(), format!("/api/interviews/{id}/photo"), photo.clone());
                tokio::spawn(async move { upload(&router, &uri, "photo", "me.jpg", &photo).await })
            };
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            assert_eq!(delete(&router, &id).await.status, StatusCode::NO_CONTENT);
            for reply in [answering.await.unwrap(), photographing.await.unwrap()] {
                assert!(
                    matches!(reply.status, StatusCode::OK | StatusCode::NO_CONTENT | StatusCode::NOT_FOUND),
                    "{delay_ms} ms: {} {}",
                    reply.status,
                    String::from_utf8_lossy(&reply.body)
                );
            }
            assert_eq!(files_of(dir.path(), "audio", &public_id), Vec::<String>::new(), "{delay_ms} ms");
            assert_eq!(files_of(dir.path(), "photos", &public_id), Vec::<String>::new(), "{delay_ms} ms");
            assert_eq!(get(&router, &format!("/api/interviews/{id}"), None).await.status, StatusCode::NOT_FOUND);

            // A published worker re-recording and publishing again while deleting.
            let (id, public_id) = create(&router, "en").await;
            let first = upload(&router, &format!("/api/interviews/{id}/answers"), "audio", "a.wav", &audio).await;
            assert_eq!(first.status, StatusCode::OK);
            assert_eq!(
                post_json(&router, &format!("/api/interviews/{id}/publish"), json!({})).await.status,
                StatusCode::OK
            );
            let rerecording = {
                let (router, uri, audio) = (router.clone(), format!("/api/interviews/{id}/answers/1"), audio.clone());
                tokio::spawn(async move { upload(&router, &uri, "audio", "a.wav", &audio).await })
            };
            let publishing = {
                let (router, uri) = (router.clone(), format!("/api/interviews/{id}/publish"));
                tokio::spawn(async move { post_json(&router, &uri, json!({})).await })
            };
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            assert_eq!(delete(&router, &id).await.status, StatusCode::NO_CONTENT);
            for reply in [rerecording.await.unwrap(), publishing.await.unwrap()] {
                assert!(
                    matches!(reply.status, StatusCode::OK | StatusCode::NOT_FOUND),
                    "{delay_ms} ms: {} {}",
                    reply.status,
                    String::from_utf8_lossy(&reply.body)
                );
            }
            assert_eq!(files_of(dir.path(), "audio", &public_id), Vec::<String>::new(), "{delay_ms} ms");
            assert!(!log_mentions(dir.path(), &public_id), "{delay_ms} ms: the deleted worker is in the index log");
        }
    });
}

#[test]
fn files_no_row_refers_to_are_swept_at_start_and_an_abandoned_answer_leaves_none() {
    runtime().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let kept = {
            let (_state, router) = service(dir.path(), 8).await;
            let (id, public_id) = create(&router, "en").await;
            let reply =
                upload(&router, &format!("/api/interviews/{id}/answers"), "audio", "a.wav", &spoken_answer()).await;
            assert_eq!(reply.status, StatusCode::OK);
            // A client that gives up while its answer is being heard.
            let (uri, audio) = (format!("/api/interviews/{id}/answers"), spoken_answer());
            let abandoned =
                tokio::time::timeout(Duration::from_millis(300), upload(&router, &uri, "audio", "a.wav", &audio));
            assert!(abandoned.await.is_err());
            tokio::time::sleep(Duration::from_secs(3)).await;
            let files = files_of(dir.path(), "audio", &public_id);
            assert_eq!(files.len(), 1, "only the stored answer's recording: {files:?}");
            files
        };
        // What a crash between writing a file and its row leaves.
        write_old(&dir.path().join("audio/crashed-0001.webm"), b"half an answer");
        write_old(&dir.path().join("photos/crashed-0002.jpg"), b"half a photo");
        let (_state, _router) = service(dir.path(), 8).await;
        let left: Vec<String> = std::fs::read_dir(dir.path().join("audio"))
            .unwrap()
            .chain(std::fs::read_dir(dir.path().join("photos")).unwrap())
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, kept);
    });
}

#[test]
fn edits_are_bounded_and_only_name_what_a_card_shows() {
    runtime().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (_state, router) = service(dir.path(), 8).await;
        let (id, _) = create(&router, "zh").await;
        let patch = |body: Vec<u8>| {
            request(Method::PATCH, &format!("/api/interviews/{id}/profile"), None)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .unwrap()
        };
        let junk: Vec<String> = (0..600_000).map(|i| format!("x{i}")).collect();
        let huge = serde_json::to_vec(&json!({ "removed": junk })).unwrap();
        assert!(huge.len() > 5 << 20);
        let reply = send(&router, patch(huge)).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(reply.error_code(), "upload_too_large");
        let reply = send(&router, patch(br#"{"removed": ["no_such_code"]}"#.to_vec())).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", String::from_utf8_lossy(&reply.body));
        let reply = send(&router, patch(br#"{"removed": ["driving"], "age": 50}"#.to_vec())).await;
        assert_eq!(reply.status, StatusCode::OK);
    });
}

#[test]
fn hostile_photos_are_refused_before_they_are_decoded() {
    runtime().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (_state, router) = service(dir.path(), 8).await;
        let (id, _) = create(&router, "zh").await;
        let uri = format!("/api/interviews/{id}/photo");
        let reply = upload(&router, &uri, "photo", "me.jpg", b"").await;
        assert_eq!((reply.status, reply.error_code().as_str()), (StatusCode::BAD_REQUEST, "unreadable_photo"));
        let reply = upload(&router, &uri, "photo", "big.png", &png_header(13_000, 13_000)).await;
        assert_eq!((reply.status, reply.error_code().as_str()), (StatusCode::BAD_REQUEST, "unreadable_photo"));
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains("13000"), "{}", reply.json());
        let reply = upload(&router, &uri, "photo", "me.jpg", &photo_jpeg(640, 480)).await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
    });
}

#[test]
fn the_data_folder_recordings_database_and_demo_login_are_private() {
    use std::os::unix::fs::PermissionsExt;
    runtime().block_on(async {
        let parent = tempfile::tempdir().unwrap();
        let data = parent.path().join("data");
        let (_state, router) = service_with_demo(&data).await;
        let (id, public_id) = create(&router, "en").await;
        let reply = upload(&router, &format!("/api/interviews/{id}/answers"), "audio", "a.wav", &spoken_answer()).await;
        assert_eq!(reply.status, StatusCode::OK);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join("audio")), 0o700);
        if !on_postgres() {
            assert_eq!(mode(&data.join("ayi.db")), 0o600);
        }
        assert_eq!(mode(&data.join("demo-login.txt")), 0o600);
        let recording = files_of(&data, "audio", &public_id).remove(0);
        assert_eq!(mode(&data.join("audio").join(recording)), 0o600);
    });
}

#[test]
fn concurrent_guesses_are_counted_before_the_password_check_and_bad_logins_are_refused_plainly() {
    runtime().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (state, router) = service_with_demo(dir.path()).await;
        // A hundred guesses at once: only the free tries reach the hash.
        let guesses: Vec<_> = (0..100)
            .map(|i| {
                let router = router.clone();
                tokio::spawn(async move {
                    post_json(&router, "/api/login", json!({"name": "demo", "password": format!("guess {i}")})).await
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for guess in guesses {
            statuses.push(guess.await.unwrap().status);
        }
        let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
        let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
        assert_eq!((checked, refused), (5, 95), "{statuses:?}");

        // A name that would forge a log line, and bodies past the login's limit.
        let reply = post_json(&router, "/api/login", json!({"name": "demo\nINFO logged in", "password": "x"})).await;
        assert_eq!((reply.status, reply.error_code().as_str()), (StatusCode::BAD_REQUEST, "invalid_input"));
        for size in [5 << 10, 17 << 20] {
            let body = json!({"name": "demo", "password": "p".repeat(size)}).to_string();
            let r = request(Method::POST, "/api/login", None).header(header::CONTENT_TYPE, "application/json");
            let reply = send(&router, r.body(Body::from(body)).unwrap()).await;
            assert_eq!(
                (reply.status, reply.error_code().as_str()),
                (StatusCode::PAYLOAD_TOO_LARGE, "upload_too_large")
            );
        }

        // Public cards carry the headers that keep them out of frames and sniffing.
        let pid = state.store.published().await.unwrap().remove(0).public_id;
        for uri in [format!("/cards/{pid}"), format!("/cards/{pid}.png")] {
            let reply = get(&router, &uri, None).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri}");
            let csp = reply.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
            assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
            assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        }
    });
}
