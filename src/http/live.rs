//! `GET /api/interviews/{id}/live?question_id=…` (WebSocket): an answer
//! streamed while it is spoken, with live captions, and the answer itself
//! the moment the worker stops.
//!
//! The page sends binary messages of 16-bit little-endian PCM, mono, 16 kHz
//! (its AudioContext resamples the microphone), then the text `{"stop":true}`.
//! The server sends `{"caption": "…"}` each time more has been heard
//! (everything heard so far: the pieces, and what she said before a pause), then `{"answer": …}` (as
//! `POST …/answers` answers) or `{"error": {"code", "message"}}`, and closes.
//! A connection that closes before "stop" stores nothing. Phones that cannot
//! stream upload the recording instead; the page falls back to that too.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::error::{ApiError, ErrorBody, ErrorDetail};
use super::interviews::AnswerResponse;
use super::AppState;
use crate::interviews::LiveAnswer;

/// Largest message: a second of 16 kHz 16-bit audio is 32 KB; pages send
/// a tenth of that at a time.
const MAX_MESSAGE_BYTES: usize = 64 * 1024;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LiveQuery {
    /// The question being answered: refused if it is no longer the one asked.
    question_id: String,
}

/// What the page may send as text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Control {
    stop: bool,
}

/// `GET /api/interviews/{id}/live`: upgrade to a WebSocket that takes the
/// answer as it is spoken (see the module docs for the messages).
#[utoipa::path(get, path = "/api/interviews/{id}/live", tag = "interview", params(("id" = String, Path), LiveQuery),
    responses((status = 101, description = "Switching to the WebSocket"), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn live(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<LiveQuery>,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    // Checked before upgrading, so a wrong id or question is a plain HTTP error.
    let answer = LiveAnswer::start(&state.interviews, &id, &query.question_id).await?;
    Ok(upgrade.max_message_size(MAX_MESSAGE_BYTES).on_upgrade(move |socket| session(socket, answer)))
}

async fn session(mut socket: WebSocket, mut answer: LiveAnswer) {
    // Only a caption that says something new is sent.
    let mut shown = String::new();
    let reply = loop {
        tokio::select! {
            message = socket.recv() => match message {
                Some(Ok(Message::Binary(bytes))) => {
                    if bytes.len() % 2 != 0 {
                        break Err(ApiError::invalid("audio must be 16-bit samples"));
                    }
                    let samples: Vec<f32> =
                        bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 / 32768.0).collect();
                    if let Err(e) = answer.push(&samples) {
                        break Err(e.into());
                    }
                }
                Some(Ok(Message::Text(text))) => match serde_json::from_str::<Control>(&text) {
                    Ok(Control { stop: true }) => break answer.finish().await.map_err(ApiError::from),
                    _ => break Err(ApiError::invalid(r#"the only message in text is {"stop": true}"#)),
                },
                Some(Ok(_)) => {} // ping, pong
                // Gone before "stop": nothing is stored, queued pieces are dropped.
                Some(Err(_)) | None => return,
            },
            Some(caption) = answer.next_caption() => match caption {
                Ok(text) if text == shown => {}
                Ok(text) => {
                    let message = serde_json::json!({ "caption": text }).to_string();
                    if socket.send(Message::Text(message.into())).await.is_err() {
                        return;
                    }
                    shown = text;
                }
                Err(e) => break Err(e.into()),
            },
        }
    };
    let message = match reply {
        Ok(answered) => serde_json::json!({ "answer": AnswerResponse::from(answered) }),
        Err(e) => serde_json::json!(ErrorBody { error: ErrorDetail { code: e.code, message: e.message } }),
    };
    let _ = socket.send(Message::Text(message.to_string().into())).await;
    let _ = socket.send(Message::Close(None)).await;
}
