@NullMarked
package org.p2psip.enrollment.web;

import org.jspecify.annotations.NullMarked;
