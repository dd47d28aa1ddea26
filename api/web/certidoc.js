// certidoc's page: checks the file the secrétariat drops, shows what is
// wrong in it or the jury's table, and downloads the documents made from it.
// The server keeps nothing: the file is sent again with each download.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  let file = null;       // the last valid file
  let documents = 0;     // documents in the dossier, per format
  const tokenKey = "certidoc-jeton";

  // headers of every request: the page's marker, and the access token
  // when the service asks for one (kept for the tab only).
  function headers() {
    const h = { "X-Requested-With": "certidoc" };
    const token = sessionStorage.getItem(tokenKey);
    if (token) h.Authorization = "Bearer " + token;
    return h;
  }

  async function probe() {
    let res;
    try {
      res = await fetch("/api/v1/referentiel", { headers: headers() });
    } catch (e) {
      return;
    }
    $("jeton-formulaire").hidden = res.status !== 401;
    if (res.status === 401) {
      if (sessionStorage.getItem(tokenKey)) status("Jeton refusé\u00a0: vérifiez-le.");
      $("jeton").focus();
    }
  }

  $("jeton-formulaire").addEventListener("submit", (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(tokenKey, $("jeton").value.trim());
    $("jeton").value = "";
    status("");
    probe();
  });

  // Links to documents go through fetch, so that they carry the token.
  document.addEventListener("click", async (ev) => {
    const a = ev.target.closest("a[download]");
    if (!a || !a.getAttribute("href").startsWith("/api/")) return;
    ev.preventDefault();
    try {
      const res = await fetch(a.getAttribute("href"), { headers: headers() });
      if (!res.ok) {
        const p = await problemOf(res);
        showError(p.detail || p.title);
        return;
      }
      save(await res.blob(), filename(res, "document"));
    } catch (e) {
      showError("Le téléchargement a échoué (connexion interrompue ?). Réessayez.");
    }
  });

  function text(tag, content, cls) {
    const el = document.createElement(tag);
    el.textContent = content;
    if (cls) el.className = cls;
    return el;
  }

  function status(msg) { $("etat").textContent = msg; }

  function showError(title, items) {
    const box = $("erreurs");
    box.replaceChildren(text("h3", title));
    if (items && items.length) {
      const ul = document.createElement("ul");
      for (const p of items) {
        const li = document.createElement("li");
        li.append(text("span", p.chemin, "cellule"), document.createTextNode("\u00a0: " + p.message));
        ul.append(li);
      }
      box.append(ul);
    }
    box.hidden = false;
    box.focus();
  }

  async function problemOf(res) {
    try {
      const p = await res.json();
      return p;
    } catch (e) {
      return { title: "Erreur " + res.status, detail: "Le service a répondu de façon inattendue." };
    }
  }

  function form() {
    const fd = new FormData();
    fd.append("fichier", file, file.name);
    return fd;
  }

  // facts shows the référentiel's facts not verified yet, in a banner
  // above everything else: they are printed on attestations and parchemins.
  function facts(box, list) {
    if (!list || !list.length) return;
    const b = document.createElement("div");
    b.className = "bandeau";
    b.setAttribute("role", "note");
    b.append(text("h3", list.length > 1 ? `${list.length} faits du référentiel à vérifier avant d’imprimer` : "Un fait du référentiel à vérifier avant d’imprimer"));
    const ul = document.createElement("ul");
    for (const f of list) ul.append(text("li", f.message));
    b.append(ul);
    box.append(b);
  }

  function showSummary(r) {
    const box = $("synthese");
    box.replaceChildren();
    facts(box, r.a_verifier);
    const intro = text("p", `Session ${r.session}\u00a0: ${r.candidats} candidat(s), ` + (r.valide ? "fichier valide." : "fichier lu.") +
      (r.preparatoire ? " Des décisions du jury manquent\u00a0: le procès-verbal sera préparatoire, à compléter à la main." : ""), r.valide ? "ok" : "");
    box.append(intro);
    if (r.avertissements.length) {
      const w = document.createElement("div");
      w.className = "avertissements";
      w.append(text("h3", `Points d’attention (${r.avertissements.length})`));
      const ul = document.createElement("ul");
      for (const a of r.avertissements) {
        const li = document.createElement("li");
        li.append(text("span", a.chemin, "cellule"), document.createTextNode("\u00a0: " + a.message));
        ul.append(li);
      }
      w.append(ul);
      box.append(w);
    }
    const table = document.createElement("table");
    table.append(text("caption", "Propositions des grilles et décisions du jury, par candidat et par bloc"));
    const head = document.createElement("tr");
    for (const h of ["N°", "Candidat(e)", ...r.blocs.map((b) => "Bloc " + b), "Résultat"]) {
      const th = text("th", h);
      th.scope = "col";
      head.append(th);
    }
    const thead = document.createElement("thead");
    thead.append(head);
    table.append(thead);
    const tbody = document.createElement("tbody");
    for (const c of r.resultats) {
      const tr = document.createElement("tr");
      tr.append(text("td", c.numero));
      const who = text("th", c.nom);
      who.scope = "row";
      who.append(document.createElement("br"), text("small", c.voie));
      tr.append(who);
      for (const b of r.blocs) {
        const cell = c.blocs[b];
        const td = document.createElement("td");
        if (cell.etat === "non_presente") td.textContent = "–";
        else if (cell.etat === "acquis") td.textContent = cell.decision;
        else {
          td.append(document.createTextNode("Proposé\u00a0: " + cell.proposition), document.createElement("br"));
          const cls = cell.decision === "validé" ? "valide" : (cell.decision === "non validé" ? "non-valide" : "");
          td.append(text("span", "Décision\u00a0: " + cell.decision, cls));
          if (cell.ecart) {
            td.className = "ecart";
            td.title = "Motif\u00a0: " + cell.motif;
          }
        }
        tr.append(td);
      }
      tr.append(text("td", c.resultat));
      tbody.append(tr);
    }
    table.append(tbody);
    box.append(table);
    const t = r.totaux;
    const n = (k, one, many) => `${k} ${k > 1 ? many : one}`;
    box.append(text("p", `Totaux\u00a0: ${n(t.certifications_totales, "certification totale", "certifications totales")}, ${n(t.validations_partielles, "validation partielle", "validations partielles")}, ${n(t.non_admissions, "non-admission", "non-admissions")}, ${n(t.absents, ...(r.resultats.every((c) => c.resultat !== "Absent") ? ["absente", "absentes"] : ["absent", "absents"]))}.`));
    box.hidden = false;
  }

  $("formulaire").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const chosen = $("fichier").files[0];
    if (!chosen) return;
    $("erreurs").hidden = true;
    $("synthese").hidden = true;
    $("documents").disabled = true;
    file = null;
    status("Vérification de « " + chosen.name + " »…");
    const fd = new FormData();
    fd.append("fichier", chosen, chosen.name);
    let res;
    try {
      res = await fetch("/api/v1/valider", { method: "POST", body: fd, headers: headers() });
    } catch (e) {
      status("");
      showError("Le service ne répond pas. Vérifiez la connexion et réessayez.");
      return;
    }
    const r = await problemOf(res);
    status("");
    if (!res.ok) {
      showError(r.detail || r.title, r.problemes);
      return;
    }
    if (!r.valide && !r.resultats) {
      showError(`Le fichier compte ${r.problemes.length} problème(s) à corriger. Corrigez-les dans le classeur, enregistrez-le, puis déposez-le à nouveau.`, r.problemes);
      if (r.a_verifier && r.a_verifier.length) {
        const box = $("synthese");
        box.replaceChildren();
        facts(box, r.a_verifier);
        box.hidden = false;
      }
      return;
    }
    if (!r.valide) {
      const n = r.problemes.length;
      showError((n > 1 ? `${n} candidats ne peuvent recevoir` : "Un candidat ne peut recevoir") +
        " ni attestation, ni parchemin, ni lettre\u00a0: ces documents ne seront pas produits. Le procès-verbal et les grilles peuvent l’être.", r.problemes);
    }
    file = chosen;
    documents = r.documents;
    showSummary(r);
    $("documents").disabled = false;
    $("avant-depot").hidden = true;
    status(r.valide ? "Fichier valide\u00a0: les documents peuvent être téléchargés." : "Fichier lu\u00a0: le procès-verbal, les grilles et les documents des autres candidats peuvent être téléchargés.");
  });

  function filename(res, fallback) {
    const cd = res.headers.get("Content-Disposition") || "";
    const m = /filename="?([^";]+)"?/.exec(cd);
    return m ? m[1] : fallback;
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // download posts the file to a route and saves the answer. For the
  // dossier, progress counts the ZIP entries as they stream in.
  async function download(url, fallback, total) {
    if (!file) return;
    $("erreurs").hidden = true;
    const bar = $("progression");
    const label = $("progression-texte");
    $("documents").disabled = true;
    $("avancement").hidden = false;
    bar.max = total || 1;
    bar.value = 0;
    label.textContent = total ? `Préparation\u00a0: 0 / ${total} documents` : "Préparation du document…";
    try {
      const res = await fetch(url, { method: "POST", body: form(), headers: headers() });
      if (!res.ok) {
        const p = await problemOf(res);
        showError(p.detail || p.title, p.problemes);
        return;
      }
      const reader = res.body.getReader();
      const chunks = [];
      let tail = new Uint8Array(0);
      let count = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        if (total) {
          const buf = new Uint8Array(tail.length + value.length);
          buf.set(tail);
          buf.set(value, tail.length);
          for (let i = 0; i + 3 < buf.length; i++) {
            if (buf[i] === 0x50 && buf[i + 1] === 0x4b && buf[i + 2] === 0x03 && buf[i + 3] === 0x04) count++;
          }
          tail = buf.slice(Math.max(0, buf.length - 3));
          bar.value = Math.min(count, total);
          label.textContent = `Préparation\u00a0: ${Math.min(count, total)} / ${total} documents`;
        }
      }
      bar.value = bar.max;
      label.textContent = "Terminé\u00a0: le fichier est téléchargé.";
      save(new Blob(chunks, { type: res.headers.get("Content-Type") || "application/octet-stream" }), filename(res, fallback));
    } catch (e) {
      showError("Le téléchargement a échoué (connexion interrompue ?). Réessayez.");
    } finally {
      $("documents").disabled = false;
    }
  }

  $("dossier").addEventListener("click", () => {
    const formats = [];
    if ($("format-pdf").checked) formats.push("pdf");
    if ($("format-docx").checked) formats.push("docx");
    if (!formats.length) {
      showError("Cochez au moins un format (PDF ou Word) pour le dossier.");
      return;
    }
    download("/api/v1/dossier?format=" + formats.join(","), "dossier.zip", documents * formats.length);
  });
  $("pv-pdf").addEventListener("click", () => download("/api/v1/proces-verbal?format=pdf", "proces-verbal.pdf"));
  $("pv-docx").addEventListener("click", () => download("/api/v1/proces-verbal?format=docx", "proces-verbal.docx"));
  $("resultats-xlsx").addEventListener("click", () => download("/api/v1/resultats?format=xlsx", "resultats.xlsx"));
  $("resultats-csv").addEventListener("click", () => download("/api/v1/resultats?format=csv", "resultats.csv"));
  $("accrochage").addEventListener("click", () => download("/api/v1/accrochage", "accrochage.xml"));
  probe();
})();
