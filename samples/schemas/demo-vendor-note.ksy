meta:
  id: demo_vendor_note
  title: Demo vendor note chunk (type 0x8123, made up for vmbstate's samples)
  endian: le
doc: A vendor's diagnostic note saved next to the channel state; restore skips it.
seq:
  - id: magic
    contents: DEMO
    doc: Identifies the vendor.
  - id: version
    type: u2
    doc: Layout version; 1.
  - id: level
    type: u2
    enum: level
    doc: How serious the note is.
  - id: text_length
    type: u4
  - id: text
    type: str
    size: text_length
    encoding: UTF-8
    doc: The note.
enums:
  level:
    0: info
    1: warning
    2: error
