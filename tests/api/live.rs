//! The answer streamed while it is spoken (`/api/interviews/{id}/live`), on
//! a real socket: captions while she speaks and at her pauses, the answer
//! when she stops, and nothing stored when the connection goes before that.

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use crate::http::{fake_service, get, post_json, runtime, HEARD};

/// A voiced sound (a 140 Hz sawtooth) of `seconds`, or silence.
fn sound(seconds: f64, voiced: bool) -> Vec<f32> {
    let n = (seconds * 16_000.0) as usize;
    (0..n).map(|i| if voiced { 0.1 * ((i as f32 * 140.0 / 16_000.0).fract() - 0.5) } else { 0.0 }).collect()
}

/// 16-bit little-endian PCM, as the page sends it.
fn pcm(samples: &[f32]) -> Vec<u8> {
    samples.iter().flat_map(|s| ((s * 32767.0) as i16).to_le_bytes()).collect()
}

type Socket = tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>;

/// `samples` sent as the page sends them, in 100 ms chunks.
async fn send_audio(socket: &mut Socket, samples: &[f32]) {
    for chunk in samples.chunks(1600) {
        socket.send(Message::Binary(pcm(chunk).into())).await.unwrap();
    }
}

async fn connect(addr: SocketAddr, id: &str, question: &str) -> Result<Socket, String> {
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let url = format!("ws://{addr}/api/interviews/{id}/live?question_id={question}");
    tokio_tungstenite::client_async(url, tcp).await.map(|(socket, _)| socket).map_err(|e| e.to_string())
}

/// The next message the server sends, as JSON.
async fn next_message(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(20), socket.next()).await.expect("an answer in time");
        if let Some(Ok(Message::Text(text))) = message {
            return serde_json::from_str(&text).unwrap();
        }
        assert!(matches!(message, Some(Ok(_))), "closed without a message: {message:?}");
    }
}

#[test]
fn a_streamed_answer_is_captioned_while_spoken_and_stored_once_when_she_stops() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (state, router) = fake_service(dir.path(), 4, false).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let service = router.clone().into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, service).await });
        let id = post_json(&router, "/api/interviews", json!({"language": "en"})).await.json()["id"]
            .as_str()
            .unwrap()
            .to_string();

        // A question no longer asked is refused before the upgrade.
        let refused = connect(addr, &id, "services").await.unwrap_err();
        assert!(refused.contains("409"), "{refused}");

        // Gone before "stop": nothing is stored.
        let mut socket = connect(addr, &id, "intro").await.unwrap();
        socket.send(Message::Binary(pcm(&sound(6.0, true)).into())).await.unwrap();
        socket.close(None).await.unwrap();
        drop(socket);

        // Six seconds, a pause, four more: the first piece is heard while she speaks.
        let mut socket = connect(addr, &id, "intro").await.unwrap();
        let mut speech = sound(6.0, true);
        speech.extend(sound(0.8, false));
        speech.extend(sound(4.0, true));
        send_audio(&mut socket, &speech).await;
        let caption = next_message(&mut socket).await;
        assert_eq!(caption["caption"], HEARD, "{caption}");
        // She pauses before tapping "stop": what she said since is heard then.
        send_audio(&mut socket, &sound(0.8, false)).await;
        let caption = next_message(&mut socket).await;
        assert_eq!(caption["caption"], format!("{HEARD} {HEARD}"), "{caption}");
        socket.send(Message::Text(r#"{"stop": true}"#.into())).await.unwrap();
        let reply = next_message(&mut socket).await;
        let answer = &reply["answer"];
        assert_eq!((answer["seq"].as_i64(), answer["heard"].as_bool()), (Some(1), Some(true)), "{reply}");
        // What it heard (cooking, elderly care) is not asked again.
        let next = answer["next_question"]["id"].as_str().unwrap().to_string();
        assert!(!["intro", "services"].contains(&next.as_str()), "{reply}");

        let view = get(&router, &format!("/api/interviews/{id}"), None).await.json();
        let answers = view["answers"].as_array().unwrap();
        assert_eq!(answers.len(), 1, "the dropped session stored nothing: {view}");
        assert_eq!(answers[0]["transcript"], format!("{HEARD} {HEARD}"), "both pieces, in order");
        assert_eq!(std::fs::read_dir(dir.path().join("audio")).unwrap().count(), 1, "one recording kept");

        // She goes on after a pause and taps "stop" in mid-phrase: what was
        // heard at the pause is kept, and only what came after it is heard.
        let mut socket = connect(addr, &id, &next).await.unwrap();
        let mut speech = sound(6.0, true);
        speech.extend(sound(0.8, false));
        speech.extend(sound(4.0, true));
        send_audio(&mut socket, &speech).await;
        assert_eq!(next_message(&mut socket).await["caption"], HEARD);
        send_audio(&mut socket, &sound(0.5, false)).await;
        assert_eq!(next_message(&mut socket).await["caption"], format!("{HEARD} {HEARD}"), "heard at her pause");
        socket.send(Message::Binary(pcm(&sound(1.0, true)).into())).await.unwrap();
        socket.send(Message::Text(r#"{"stop": true}"#.into())).await.unwrap();
        let reply = next_message(&mut socket).await;
        let answer = &reply["answer"];
        assert_eq!(answer["seq"].as_i64(), Some(2), "{reply}");
        // Three hearings: the piece, the part up to her pause, the phrase after it.
        assert_eq!(answer["transcript"], format!("{HEARD} {HEARD} {HEARD}"), "{reply}");
        let next = answer["next_question"]["id"].as_str().unwrap().to_string();

        // Audio that is not 16-bit samples is a clear error, and stores nothing.
        let mut socket = connect(addr, &id, &next).await.unwrap();
        socket.send(Message::Binary(vec![1, 2, 3].into())).await.unwrap();
        let error = next_message(&mut socket).await;
        assert_eq!(error["error"]["code"], "invalid_input", "{error}");
        let view = get(&router, &format!("/api/interviews/{id}"), None).await.json();
        assert_eq!(view["answers"].as_array().unwrap().len(), 2, "{view}");
        drop(state);
    });
}
