// Runs on the audio thread of an AudioContext made at 16 kHz: hands the
// page the microphone's samples (mono) in 100 ms blocks, to stream.
"use strict";

class Capture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.block = new Float32Array(1600);
    this.filled = 0;
  }

  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (input) {
      for (let i = 0; i < input.length; i++) {
        this.block[this.filled++] = input[i];
        if (this.filled === this.block.length) {
          this.port.postMessage(this.block.slice(0));
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor("ayi-capture", Capture);
