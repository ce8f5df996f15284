"use strict";
// Polls /api/cluster and draws it. Read-only: this page sends no request but GETs.
(function () {
  const POLL_MS = 1000;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) e.setAttribute(k, v);
    }
    for (const c of children) e.append(c === null || c === undefined ? "" : c);
    return e;
  }

  function seconds(ms) {
    return ms < 10000 ? (ms / 1000).toFixed(2) + " s" : Math.round(ms / 1000) + " s";
  }

  function uptime(s) {
    if (s === null || s === undefined) return "-";
    if (s < 120) return s + " s";
    if (s < 7200) return Math.floor(s / 60) + " min";
    return Math.floor(s / 3600) + " h";
  }

  function fill(tbody, rows) {
    tbody.replaceChildren(...rows);
  }

  function services(doc) {
    fill(document.querySelector("#services tbody"), doc.services.map(s =>
      el("tr", { id: "svc-" + s.name, "data-owner": s.owner || "", "data-state": s.state },
        el("td", {}, s.name),
        el("td", { class: "state " + s.state.replace("?", "") }, s.state),
        el("td", { class: "owner" }, s.owner || "-"),
        el("td", {}, s.epoch || "-"),
        el("td", {}, uptime(s.uptimeSeconds)),
        el("td", {}, s.failures === null ? "-" : String(s.failures)),
        el("td", { class: "muted" }, [s.reason || "", s.toFence.length ? " · to fence: " + s.toFence.join(", ") : "",
          s.bans.length ? " · banned: " + s.bans.join(", ") : "", s.problems.join(" · ")].join("")))));
  }

  function nodes(doc) {
    fill(document.querySelector("#nodes tbody"), doc.nodes.map(n =>
      el("tr", { id: "node-" + n.name },
        el("td", {}, n.name),
        el("td", { class: "state " + (n.up ? "RUNNING" : "DOWN") }, n.up ? "up" : "DOWN"),
        el("td", {}, n.address),
        el("td", {}, n.fence.configured
          ? n.fence.levels.map((l, i) => "level " + (i + 1) + ": " + l.join(" + ")).join("; ")
          : "none configured"))));
  }

  function timeline(doc) {
    const box = document.getElementById("timeline");
    if (!doc.moves.length) {
      box.replaceChildren(el("p", { class: "muted" }, "No failover or relocation in the recorded history."));
      return;
    }
    // One scale for every move, so that bars compare: the longest move fills the width.
    const longest = Math.max(...doc.moves.map(m => m.endMillis - m.startMillis), 1);
    const rows = doc.moves.slice().reverse().map(m => {
      const total = m.endMillis - m.startMillis;
      const bar = el("div", { class: "bar" + (m.live ? " live" : "") });
      for (const p of m.phases) {
        const left = (100 * (p.startMillis - m.startMillis)) / longest;
        const width = Math.max(0.3, (100 * (p.endMillis - p.startMillis)) / longest);
        bar.append(el("span", {
          class: "phase " + p.name.replace("+", "-"),
          style: "left:" + left + "%;width:" + width + "%",
          title: p.name + " " + seconds(p.endMillis - p.startMillis)
        }));
      }
      const when = new Date(m.startMillis).toLocaleTimeString();
      return el("div", { class: "move", "data-service": m.service, "data-kind": m.kind, "data-to": m.to },
        el("div", {}, when + " " + m.service + " " + m.kind + " " + m.from + " → " + m.to + " " +
          (m.live ? "(under way, " + seconds(total) + ")" : "(" + seconds(total) + ")")),
        bar);
    });
    rows.push(el("div", { class: "scale muted" }, "full width = " + seconds(longest)));
    box.replaceChildren(...rows);
  }

  function draw(doc) {
    document.getElementById("cluster").textContent = doc.cluster || "";
    const err = document.getElementById("error");
    err.hidden = !doc.error;
    err.textContent = doc.error || "";
    if (doc.services) {
      services(doc);
      nodes(doc);
      timeline(doc);
      document.getElementById("freshness").textContent =
        "read " + new Date(doc.readMillis).toLocaleTimeString();
    }
  }

  async function poll() {
    try {
      const r = await fetch("api/cluster", { cache: "no-store" });
      draw(await r.json());
    } catch (e) {
      const err = document.getElementById("error");
      err.hidden = false;
      err.textContent = "cannot reach hactl web: " + e;
    }
    setTimeout(poll, POLL_MS);
  }

  poll();
})();
