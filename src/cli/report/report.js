// Sorting and filtering of the sheets' table. SHOWN (defined before this script) is the catalogue's
// template for the count of visible rows, with {shown} and {total}.
(function () {
  const table = document.getElementById('sheets');
  if (!table) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const filters = {
    department: document.getElementById('filter-department'),
    division: document.getElementById('filter-division'),
    result: document.getElementById('filter-rating'),
  };
  const errorsOnly = document.getElementById('filter-errors');
  const shown = document.getElementById('shown');

  function applyFilters() {
    let visible = 0;
    for (const row of rows) {
      let ok = true;
      for (const [key, select] of Object.entries(filters)) {
        if (select && select.value !== '' && row.dataset[key] !== select.value) ok = false;
      }
      if (errorsOnly && errorsOnly.checked && Number(row.dataset.errors) === 0) ok = false;
      row.hidden = !ok;
      if (ok) visible += 1;
    }
    if (shown) shown.textContent = SHOWN.replace('{shown}', visible).replace('{total}', rows.length);
  }

  function sortBy(th) {
    const key = th.dataset.key;
    const numeric = th.dataset.sort === 'number';
    const ascending = th.getAttribute('aria-sort') !== 'ascending';
    for (const other of table.tHead.rows[0].cells) other.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    const value = (row) => row.dataset[key] || '';
    rows.sort((a, b) => {
      const d = numeric
        ? (Number(value(a)) || 0) - (Number(value(b)) || 0)
        : value(a).localeCompare(value(b), 'ja');
      return ascending ? d : -d;
    });
    for (const row of rows) body.appendChild(row);
  }

  for (const th of table.tHead.rows[0].cells) {
    const button = th.querySelector('button');
    if (button && th.dataset.key) button.addEventListener('click', () => sortBy(th));
  }
  for (const select of Object.values(filters)) if (select) select.addEventListener('change', applyFilters);
  if (errorsOnly) errorsOnly.addEventListener('change', applyFilters);
  applyFilters();
})();
