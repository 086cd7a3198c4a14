// The dashboard map, drawn offline from the JSON the page embeds: district
// outlines (or points when a district has no boundary), KRTs coloured by risk,
// and the areas of open alerts. Canvas rendering keeps a state's ~2,000 markers fast.
(function () {
  var el = document.getElementById("dashboard-map");
  var source = document.getElementById("dashboard-map-data");
  if (!el || !source || !window.L) return;
  var data = JSON.parse(source.textContent);
  var colours = data.colours;
  // The canvas renderer needs a view before the first layer is added; fitted below.
  var map = L.map(el, { attributionControl: false, preferCanvas: true }).setView([4.2, 108.0], 5);
  var bounds = L.latLngBounds([]);
  var go = function (url) { return function () { if (url) window.location.href = url; }; };
  var label = function (level) { return data.labels[level] || ""; };

  data.districts.forEach(function (d) {
    var layer;
    var single = data.districts.length === 1;
    var tip = d.n + (single ? "" : " · " + label(d.l));
    if (d.g) {
      layer = L.geoJSON(d.g, {
        style: {
          color: "#5b6776", weight: 1,
          fillColor: single ? "#8aa4b8" : colours[d.l],
          fillOpacity: single ? 0.06 : 0.35,
        },
      });
    } else if (d.la !== null && !single) {
      layer = L.circleMarker([d.la, d.lo], { radius: 10, color: "#5b6776", weight: 1, fillColor: colours[d.l], fillOpacity: 0.6 });
    }
    if (!layer) return;
    if (!single) layer.bindTooltip(tip, { sticky: true }).on("click", go(d.u));
    layer.addTo(map);
    if (layer.getBounds) bounds.extend(layer.getBounds());
    else bounds.extend(layer.getLatLng());
  });

  data.alerts.forEach(function (a) {
    var colour = a.priority === "high" ? colours[3] : a.priority === "medium" ? colours[2] : colours[1];
    L.geoJSON(a.geometry, { style: { color: colour, weight: 2, dashArray: "5 4", fill: true, fillOpacity: 0.05 } })
      .bindTooltip("#" + a.id, { sticky: true }).on("click", go(a.u)).addTo(map);
  });

  var markers = data.krts.map(function (k) {
    var m = L.circleMarker([k.la, k.lo], {
      radius: data.focus === "state" ? (k.l >= 2 ? 5 : 3.5) : k.l >= 2 ? 7 : 5,
      color: "#fff", weight: 1, fillColor: colours[k.l], fillOpacity: 0.9,
    });
    m.bindTooltip(k.n + " · " + label(k.l) + " · " + k.r);
    if (data.krt_url) m.on("click", go(data.krt_url.replace("CODE", encodeURIComponent(k.c))));
    m.addTo(map);
    return m;
  });
  // Risky KRTs above calm ones, so that they are never hidden underneath.
  markers.forEach(function (m, i) { if (data.krts[i].l >= 2) m.bringToFront(); });

  if (data.focus === "krt" && data.krts.length) {
    map.setView([data.krts[0].la, data.krts[0].lo], 14);
  } else if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [8, 8] });
  } else if (markers.length) {
    map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2));
  }
  el.dataset.ready = "1";
  el.dataset.markers = String(markers.length);
})();
