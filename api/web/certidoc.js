// certidoc's page: checks the file the secrétariat drops, shows what is
// wrong in it or the jury's table, and downloads the documents made from it.
// The server keeps nothing but the registre: the file is sent again with
// each download; the registre part closes a session, lists, searches,
// revokes and reissues.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  let file = null;       // the last valid file
  let documents = 0;     // documents in the dossier, per format
  const tokenKey = "certidoc-jeton";
  // a count and its noun agreed with it, joined by a no-break space:
  // "1 problème", "3 problèmes"
  // (French takes the singular under two).
  const nombre = (n, singulier, pluriel) => `${n}\u00a0${Math.abs(n) < 2 ? singulier : pluriel}`;
  // What the page's other sections (avant.js, loaded after this file) use
  // too: the requests' headers, elements, answers, checking a file,
  // saving a download.
  window.certidoc = { headers, text, problemOf, problemList, filename, save, receive, nombre, check };

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
      showError("Le téléchargement a échoué (connexion interrompue\u202f?). Réessayez.");
    }
  });

  function text(tag, content, cls) {
    const el = document.createElement(tag);
    el.textContent = content;
    if (cls) el.className = cls;
    return el;
  }

  function status(msg) { $("etat").textContent = msg; }

  // problemList lists problems or warnings, each with its field or cell.
  function problemList(items) {
    const ul = document.createElement("ul");
    for (const p of items) {
      const li = document.createElement("li");
      li.append(text("span", p.chemin, "cellule"), document.createTextNode("\u00a0: " + p.message));
      ul.append(li);
    }
    return ul;
  }

  function showError(title, items) {
    const box = $("erreurs");
    box.replaceChildren(text("h3", title));
    if (items && items.length) box.append(problemList(items));
    box.hidden = false;
    box.focus();
  }

  // check sends a chosen file to /api/v1/valider, saying so with the
  // section's status: the answer of a 200, or null once the section's
  // showError has said what went wrong (no answer, or a refusal).
  async function check(chosen, status, showError) {
    status("Vérification de «\u00a0" + chosen.name + "\u00a0»…");
    const fd = new FormData();
    fd.append("fichier", chosen, chosen.name);
    let res;
    try {
      res = await fetch("/api/v1/valider", { method: "POST", body: fd, headers: headers() });
    } catch (e) {
      status("");
      showError("Le service ne répond pas. Vérifiez la connexion et réessayez.");
      return null;
    }
    const r = await problemOf(res);
    status("");
    if (!res.ok) {
      showError(r.detail || r.title, r.problemes);
      return null;
    }
    return r;
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
    b.append(text("h3", list.length > 1 ? `${list.length}\u00a0faits du référentiel à vérifier avant d’imprimer` : "Un fait du référentiel à vérifier avant d’imprimer"));
    const ul = document.createElement("ul");
    for (const f of list) ul.append(text("li", f.message));
    b.append(ul);
    box.append(b);
  }

  function showSummary(r) {
    const box = $("synthese");
    box.replaceChildren();
    facts(box, r.a_verifier);
    const intro = text("p", `Session ${r.session}\u00a0: ${nombre(r.candidats, "candidat", "candidats")}, ` + (r.valide ? "fichier valide." : "fichier lu.") +
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
    box.append(text("p", `Totaux\u00a0: ${nombre(t.certifications_totales, "certification totale", "certifications totales")}, ${nombre(t.validations_partielles, "validation partielle", "validations partielles")}, ${nombre(t.non_admissions, "non-admission", "non-admissions")}, ${nombre(t.absents, ...(r.resultats.every((c) => c.resultat !== "Absent") ? ["absente", "absentes"] : ["absent", "absents"]))}.`));
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
    const r = await check(chosen, status, showError);
    if (!r) return;
    if (!r.valide && !r.resultats) {
      showError(`Le fichier compte ${nombre(r.problemes_total || r.problemes.length, "problème", "problèmes")} à corriger. Corrigez-les dans le classeur, enregistrez-le, puis déposez-le à nouveau.`, r.problemes);
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
      showError((n > 1 ? `${n}\u00a0candidats ne peuvent recevoir` : "Un candidat ne peut recevoir") +
        " ni attestation, ni parchemin, ni lettre\u00a0: ces documents ne seront pas produits. Le procès-verbal et les grilles peuvent l’être.", r.problemes);
    }
    file = chosen;
    documents = r.documents;
    const closable = r.valide && !r.preparatoire;
    $("cloture").disabled = !closable;
    $("cloture-avant").hidden = closable;
    $("cloture-resume").hidden = true;
    $("cloture-confirmer").hidden = true;
    $("cloture-motif-ligne").hidden = true;
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

  // receive reads an answer's body whole and returns it as a Blob. For a
  // ZIP (total > 0), progress is told how many of its entries have come in
  // so far, at most total: each entry starts with a local header,
  // PK\x03\x04, counted as the bytes stream in.
  async function receive(res, total, progress) {
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
        progress(Math.min(count, total));
      }
    }
    return new Blob(chunks, { type: res.headers.get("Content-Type") || "application/octet-stream" });
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
    label.textContent = total ? `Préparation\u00a0: 0 / ${total}\u00a0documents` : "Préparation du document…";
    try {
      const res = await fetch(url, { method: "POST", body: form(), headers: headers() });
      if (!res.ok) {
        const p = await problemOf(res);
        showError(p.detail || p.title, p.problemes);
        return;
      }
      const blob = await receive(res, total, (n) => {
        bar.value = n;
        label.textContent = `Préparation\u00a0: ${n} / ${total}\u00a0documents`;
      });
      bar.value = bar.max;
      label.textContent = "Terminé\u00a0: le fichier est téléchargé.";
      save(blob, filename(res, fallback));
    } catch (e) {
      showError("Le téléchargement a échoué (connexion interrompue\u202f?). Réessayez.");
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
  // The registre.
  function regStatus(msg) { $("registre-etat").textContent = msg; }

  async function call(url, opts) {
    let res;
    try {
      res = await fetch(url, Object.assign({ headers: headers() }, opts || {}));
    } catch (e) {
      regStatus("Le service ne répond pas. Vérifiez la connexion et réessayez.");
      return null;
    }
    const body = await problemOf(res);
    if (!res.ok) {
      regStatus((body.detail || body.title || "Erreur " + res.status));
      return null;
    }
    return body;
  }

  function etat(d) {
    if (d.remplace) return "remplacé";
    if (d.revoque_le) return "révoqué le " + new Date(d.revoque_le).toLocaleDateString("fr-FR") + "\u00a0: " + d.motif_revocation;
    return "valide";
  }

  function link(href, label) {
    const a = text("a", label, "bouton");
    a.href = href;
    a.setAttribute("download", "");
    return a;
  }

  function entriesTable(docs, caption, actions) {
    const table = document.createElement("table");
    table.append(text("caption", caption));
    const head = document.createElement("tr");
    for (const h of ["N° du document", "Nature", "Titulaire", "Code", "État", ...(actions ? ["Actions"] : [])]) {
      const th = text("th", h);
      th.scope = "col";
      head.append(th);
    }
    const thead = document.createElement("thead");
    thead.append(head);
    table.append(thead);
    const tbody = document.createElement("tbody");
    for (const d of docs) {
      const tr = document.createElement("tr");
      tr.append(text("td", d.numero), text("td", d.nature === "parchemin" ? "Parchemin" : "Attestation " + d.bloc),
        text("td", d.titulaire), text("td", d.code_affiche || "attribué à la clôture", "code"), text("td", etat(d)));
      if (actions) {
        const td = document.createElement("td");
        if (!d.revoque_le && !d.remplace) {
          const base = "/api/v1/registre/documents/" + encodeURIComponent(d.numero);
          td.append(link(base + "/duplicata?format=pdf", "Duplicata (PDF)"), " ", link(base + "/duplicata?format=docx", "Duplicata (Word)"), " ");
          const b = text("button", "Révoquer");
          b.type = "button";
          b.dataset.numero = d.numero;
          b.className = "revoquer";
          td.append(b);
        }
        tr.append(td);
      }
      tbody.append(tr);
    }
    table.append(tbody);
    return table;
  }

  let apercu = null;
  $("cloture-apercu").addEventListener("click", async () => {
    if (!file) return;
    regStatus("Lecture de la session…");
    const r = await call("/api/v1/registre/sessions?apercu=1", { method: "POST", body: form() });
    if (!r) return;
    apercu = r;
    const att = r.documents.filter((d) => d.nature === "attestation").length;
    const box = $("cloture-resume");
    const intro = {
      nouvelle: `La clôture de la session ${r.session} enregistrera ${nombre(r.documents.length, "document", "documents")}\u00a0: ${nombre(att, "attestation", "attestations")} et ${nombre(r.documents.length - att, "parchemin", "parchemins")}, chacun avec un code court de vérification.`,
      identique: `La session ${r.session} est déjà clôturée avec ce contenu\u00a0: rien ne changera.`,
      rectification: `La session ${r.session} est déjà clôturée avec un autre contenu\u00a0: la clôturer à nouveau enregistre une rectification (nouvelle version), qui demande un motif.`,
    }[r.etat];
    box.replaceChildren(text("p", intro), entriesTable(r.documents, "Documents que la clôture enregistrera", false));
    box.hidden = false;
    $("cloture-motif-ligne").hidden = r.etat !== "rectification";
    $("cloture-confirmer").hidden = r.etat === "identique";
    regStatus("");
  });

  $("cloture-confirmer").addEventListener("click", async () => {
    if (!file || !apercu) return;
    let url = "/api/v1/registre/sessions";
    if (apercu.etat === "rectification") {
      const motif = $("cloture-motif").value.trim();
      if (!motif) {
        regStatus("Indiquez le motif de la rectification.");
        $("cloture-motif").focus();
        return;
      }
      url += "?rectification=" + encodeURIComponent(motif);
    }
    regStatus("Clôture en cours…");
    const r = await call(url, { method: "POST", body: form() });
    if (!r) return;
    $("cloture-resume").replaceChildren(entriesTable(r.documents, `Session ${r.session.session}, version ${r.session.version}\u00a0: documents enregistrés`, false));
    $("cloture-confirmer").hidden = true;
    $("cloture-motif-ligne").hidden = true;
    regStatus(`Session ${r.session.session} clôturée\u00a0: ${nombre(r.documents.length, "document", "documents")} au registre.`);
  });

  $("sessions-actualiser").addEventListener("click", async () => {
    const r = await call("/api/v1/registre/sessions");
    if (!r) return;
    const box = $("sessions-liste");
    if (!r.sessions.length) {
      box.replaceChildren(text("p", "Aucune session clôturée."));
      return;
    }
    const table = document.createElement("table");
    table.append(text("caption", "Sessions clôturées"));
    const head = document.createElement("tr");
    for (const h of ["Session", "Version", "Délibération", "Clôturée le", "Dossier"]) {
      const th = text("th", h);
      th.scope = "col";
      head.append(th);
    }
    table.append(head);
    for (const c of r.sessions) {
      const tr = document.createElement("tr");
      const td = document.createElement("td");
      td.append(link("/api/v1/registre/sessions/" + encodeURIComponent(c.session) + "/dossier?format=pdf", "Dossier (ZIP)"));
      tr.append(text("td", c.session), text("td", String(c.version)), text("td", new Date(c.date_deliberation).toLocaleDateString("fr-FR")),
        text("td", new Date(c.cloturee_le).toLocaleString("fr-FR")), td);
      table.append(tr);
    }
    box.replaceChildren(table);
  });

  $("a-declarer").addEventListener("click", async () => {
    const r = await call("/api/v1/registre/a-declarer");
    if (!r) return;
    const box = $("a-declarer-liste");
    if (!r.documents.length) {
      box.replaceChildren(text("p", `Aucun titulaire en retard\u00a0: tous ceux délibérés il y a ${r.delai_jours}\u00a0jours ou plus sont déclarés.`, "ok"));
      return;
    }
    box.replaceChildren(text("p", `${nombre(r.documents.length, "titulaire non déclaré", "titulaires non déclarés")} à la Caisse des Dépôts ${r.delai_jours}\u00a0jours ou plus après la délibération\u00a0: exportez leur flux (certidoc accrochage --registre).`, "avertissements"),
      entriesTable(r.documents, "Titulaires à déclarer", false));
  });

  async function search() {
    const nom = $("recherche-nom").value.trim();
    if (!nom) return;
    const r = await call("/api/v1/registre/documents?nom=" + encodeURIComponent(nom));
    if (!r) return;
    const box = $("recherche-resultats");
    // One page of the listing: say when there are more.
    const more = r.total > r.documents.length ? ` (les ${r.documents.length}\u00a0premiers sur ${r.total.toLocaleString("fr-FR")}\u00a0: précisez le nom)` : "";
    box.replaceChildren(r.documents.length ? entriesTable(r.documents, `Documents au nom de «\u00a0${nom}\u00a0»${more}`, true) : text("p", "Aucun document à ce nom."));
  }
  $("recherche").addEventListener("submit", (ev) => { ev.preventDefault(); search(); });

  let revoking = null;
  $("recherche-resultats").addEventListener("click", (ev) => {
    const b = ev.target.closest("button.revoquer");
    if (!b) return;
    revoking = b.dataset.numero;
    $("revocation-titre").textContent = "Révoquer le document n° " + revoking;
    $("revocation-motif").value = "";
    $("revocation-motif-2").value = "";
    $("revocation").hidden = false;
    $("revocation-motif").focus();
  });
  $("revocation-annuler").addEventListener("click", () => { $("revocation").hidden = true; revoking = null; });
  $("revocation").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const motif = $("revocation-motif").value.trim();
    if (motif !== $("revocation-motif-2").value.trim()) {
      regStatus("Les deux motifs diffèrent\u00a0: tapez deux fois le même motif pour confirmer la révocation.");
      return;
    }
    const r = await call("/api/v1/registre/documents/" + encodeURIComponent(revoking) + "/revocation", {
      method: "POST", headers: Object.assign(headers(), { "Content-Type": "application/json" }), body: JSON.stringify({ motif: motif }),
    });
    if (!r) return;
    $("revocation").hidden = true;
    regStatus(`Document n° ${r.document.numero} révoqué\u00a0: son code ${r.document.code_affiche} répond désormais «\u00a0révoqué\u00a0».`);
    revoking = null;
    search();
  });

  probe();
})();
