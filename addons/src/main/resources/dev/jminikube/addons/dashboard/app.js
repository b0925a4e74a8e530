// The jminikube dashboard page: polls the JSON API of the jminikube process that served it.
"use strict";
const ACTION = {"X-Jminikube-Dashboard": "1", "Content-Type": "application/json"};
let tab = "nodes";

const $ = (sel) => document.querySelector(sel);
const ns = () => $("#namespace").value;
const text = (s) => document.createTextNode(s == null ? "" : String(s));

function cell(content, cls) {
  const td = document.createElement("td");
  if (content instanceof Node) td.appendChild(content); else td.appendChild(text(content));
  if (cls) td.className = cls;
  return td;
}

function button(label, attrs, onClick) {
  const b = document.createElement("button");
  b.textContent = label;
  Object.entries(attrs).forEach(([k, v]) => b.setAttribute(k, v));
  b.addEventListener("click", onClick);
  return b;
}

function say(message, isError) {
  const m = $("#message");
  m.textContent = message;
  m.className = isError ? "error" : "";
}

async function api(path, options) {
  const r = await fetch(path, options);
  const type = r.headers.get("Content-Type") || "";
  const body = type.startsWith("application/json") ? await r.json() : await r.text();
  if (!r.ok) throw new Error(body && body.error ? body.error : r.status + " " + body);
  return body;
}

function fill(section, rows, render) {
  const body = $("#" + section + " tbody");
  body.replaceChildren(...rows.map(render));
}

const renderers = {
  nodes: (n) => row({"data-node": n.name}, [n.name, cell(n.ready ? "Ready" : "NotReady", n.ready ? "ok" : "bad"),
    n.roles, n.version, n.internalIp, n.cpu, n.memory, n.age]),
  deployments: (d) => {
    const key = d.namespace + "/" + d.name;
    const input = document.createElement("input");
    input.type = "number"; input.min = "0"; input.value = d.replicas;
    input.setAttribute("data-scale-input", key);
    const scale = button("Scale", {"data-scale": key}, () => scaleDeployment(d.namespace, d.name, input.value));
    const span = document.createElement("span");
    span.append(input, " ", scale);
    return row({"data-deployment": key}, [d.namespace, d.name,
      cell(d.ready + "/" + d.replicas, d.ready >= d.replicas ? "ok" : "warn"), d.images.join(", "), d.age, span]);
  },
  pods: (p) => {
    const key = p.namespace + "/" + p.name;
    const actions = document.createElement("span");
    actions.append(button("Logs", {"data-logs": key}, () => showLog(p.namespace, p.name)), " ",
      button("Delete", {"data-delete": key}, () => deletePod(p.namespace, p.name)));
    const good = p.status === "Running" || p.status === "Succeeded";
    return row({"data-pod": key, "data-status": p.status}, [p.namespace, p.name, cell(p.status, good ? "ok" : "warn"),
      p.ready, p.restarts, p.node, p.ip, p.age, actions]);
  },
  services: (s) => {
    const key = s.namespace + "/" + s.name;
    const ports = s.ports.map((p) => p.port + (p.nodePort ? ":" + p.nodePort : "") + "/" + (p.name || "TCP")).join(", ");
    const open = s.ports.some((p) => p.nodePort > 0)
      ? button("Open", {"data-open": key}, () => openService(s.namespace, s.name)) : "";
    return row({"data-service": key}, [s.namespace, s.name, s.type, s.clusterIp, ports, open]);
  },
  events: (e) => row({}, [e.lastSeen, cell(e.type, e.type === "Warning" ? "warn" : ""), e.reason, e.object,
    e.message, e.count]),
};

function row(attrs, cells) {
  const tr = document.createElement("tr");
  Object.entries(attrs).forEach(([k, v]) => tr.setAttribute(k, v));
  cells.forEach((c) => tr.appendChild(c instanceof HTMLTableCellElement ? c : cell(c)));
  return tr;
}

async function refresh() {
  // Do not redraw the table under the user's cursor (e.g. while a replica count is being typed).
  const active = document.activeElement;
  if (active && active.tagName === "INPUT" && active.closest("#" + tab)) return;
  try {
    if (tab === "nodes") {
      const s = await api("/api/summary");
      $("#cluster").textContent = "profile " + s.profile + " \u00b7 Kubernetes " + s.kubernetesVersion;
      fill("nodes", s.nodes, renderers.nodes);
    } else {
      fill(tab, await api("/api/" + tab + "?namespace=" + encodeURIComponent(ns())), renderers[tab]);
    }
    document.body.setAttribute("data-loaded", tab);
  } catch (e) {
    say(e.message, true);
  }
}

async function scaleDeployment(namespace, name, replicas) {
  try {
    await api("/api/deployments/" + encodeURIComponent(namespace) + "/" + encodeURIComponent(name) + "/scale",
      {method: "POST", headers: ACTION, body: JSON.stringify({replicas: Number(replicas)})});
    say("Scaled " + namespace + "/" + name + " to " + replicas + ".");
    refresh();
  } catch (e) { say(e.message, true); }
}

async function openService(namespace, name) {
  // The window opens now, within the click (popup blockers allow that), and goes to the URL once it exists.
  const w = window.open("about:blank", "_blank");
  try {
    const r = await api("/api/services/" + encodeURIComponent(namespace) + "/" + encodeURIComponent(name) + "/open",
      {method: "POST", headers: ACTION});
    if (w) w.location = r.url; else window.location = r.url;
    say("Opened " + namespace + "/" + name + " at " + r.url + ".");
  } catch (e) {
    if (w) w.close();
    say(e.message, true);
  }
}

async function deletePod(namespace, name) {
  if (!window.confirm("Delete pod " + namespace + "/" + name + "?")) return;
  try {
    await api("/api/pods/" + encodeURIComponent(namespace) + "/" + encodeURIComponent(name), {method: "DELETE", headers: ACTION});
    say("Deleted " + namespace + "/" + name + ".");
    refresh();
  } catch (e) { say(e.message, true); }
}

async function showLog(namespace, name) {
  try {
    $("#log-title").textContent = namespace + "/" + name;
    $("#log-view").textContent = await api("/api/pods/" + encodeURIComponent(namespace) + "/" + encodeURIComponent(name)
      + "/log?tail=200");
    $("#log-panel").hidden = false;
  } catch (e) { say(e.message, true); }
}

async function loadNamespaces() {
  try {
    const list = await api("/api/namespaces");
    const select = $("#namespace");
    list.forEach((n) => { const o = document.createElement("option"); o.value = n; o.textContent = n; select.appendChild(o); });
  } catch (e) { say(e.message, true); }
}

document.querySelectorAll("#tabs button").forEach((b) => b.addEventListener("click", () => {
  tab = b.getAttribute("data-tab");
  document.querySelectorAll("#tabs button").forEach((x) => x.classList.toggle("active", x === b));
  document.querySelectorAll(".tab").forEach((s) => s.classList.toggle("active", s.id === tab));
  say("");
  refresh();
}));
$("#namespace").addEventListener("change", refresh);
$("#log-close").addEventListener("click", () => { $("#log-panel").hidden = true; });
loadNamespaces();
refresh();
setInterval(refresh, 3000);
