meta:
  id: demo_stor_packet
  title: Demo storage VSP packet (a made-up protocol for vmbstate's samples)
  endian: le
doc: |
  One in-flight request of the demo storage VSP, as its EvtVmbChannelSavePacket
  writes it into a PACKET chunk's VspState.
seq:
  - id: operation
    type: u2
    enum: operation
    doc: What the guest asked for.
  - id: flags
    type: u2
    doc: Request flags; bit 0 is force-unit-access.
  - id: target
    type: target_address
    doc: Where on the virtual disk.
  - id: sector_count
    type: u4
    doc: Length of the transfer in 512-byte sectors.
  - id: sg_count
    type: u1
    doc: Entries in sg_list.
  - id: reserved
    contents: [0, 0, 0]
  - id: sg_list
    type: sg_entry
    repeat: expr
    repeat-expr: sg_count
    doc: Guest pages of the transfer.
types:
  target_address:
    seq:
      - id: lun
        type: u1
        doc: Logical unit number.
      - id: pad
        size: 3
      - id: lba
        type: u8
        doc: First logical block.
  sg_entry:
    seq:
      - id: pfn
        type: u8
        doc: Guest page frame number.
      - id: offset
        type: u2
        doc: Byte offset in the page.
      - id: length
        type: u2
        doc: Bytes used in the page.
      - id: pad
        size: 4
enums:
  operation:
    1: read
    2: write
    3: flush
    4:
      id: unmap
      doc: Discard the sectors.
